// The page frame shared by the portal and the console: one <h1> per page (in the content),
// labelled landmarks, a skip link, and the 政府信息公开 footer links.
import { html, type SafeHtml } from './html.ts';

export interface PageUser {
  displayName: string;
  roles: string;
  csrfToken: string;
}

export interface PageOptions {
  title: string;
  content: SafeHtml;
  user?: PageUser | null;
  /** 'portal' pages show the public navigation, 'admin' the console's. */
  area?: 'portal' | 'admin';
  current?: string;
  description?: string;
  head?: SafeHtml;
  /** A failed submission: the title says so, for screen-reader users who land on the page. */
  hasErrors?: boolean;
}

const PORTAL_NAV: [href: string, label: string][] = [
  ['/', '首页'],
  ['/sectors/housing', '住房保障'],
  ['/sectors/procurement', '政府采购'],
  ['/sectors/property', '国有产权交易'],
  ['/sectors/construction', '工程建设招投标'],
  ['/sectors/general', '双公示'],
  ['/projects', '项目'],
  ['/departments', '公开目录'],
  ['/blacklist', '黑名单'],
  ['/assessments', '考核结果'],
];

const ADMIN_NAV: [href: string, label: string][] = [
  ['/admin', '工作台'],
  ['/admin/disclosures/new', '起草信息'],
  ['/admin/disclosures', '本单位信息'],
  ['/admin/projects', '项目'],
  ['/admin/catalogue', '公开目录'],
  ['/admin/supervision', '时效监督'],
  ['/admin/import', 'Excel导入'],
  ['/admin/requests', '依申请公开'],
  ['/admin/blacklist', '黑名单'],
  ['/admin/work-plans', '工作方案'],
  ['/admin/inspections', '督查检查'],
  ['/admin/assessment', '考核'],
  ['/admin/feedback', '公众留言'],
];

function nav(items: [string, string][], current: string | undefined, label: string): SafeHtml {
  return html`<nav class="site-nav" aria-label="${label}"><ul>${items.map(
    ([href, text]) => html`<li><a href="${href}"${current === href ? html` aria-current="page"` : ''}>${text}</a></li>`,
  )}</ul></nav>`;
}

export function page(o: PageOptions): SafeHtml {
  const area = o.area ?? 'portal';
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.hasErrors ? '错误：' : ''}${o.title} – 浈江区公共资源配置领域信息公开</title>
${o.description ? html`<meta name="description" content="${o.description}">` : ''}
<link rel="stylesheet" href="/static/site.css">
${o.head ?? ''}
</head>
<body class="area-${area}">
<a class="skip-link" href="#main">跳到正文</a>
<header class="site-header">
  <div class="wrap header-row">
    <a class="brand" href="${area === 'admin' ? '/admin' : '/'}"><span class="brand-mark" aria-hidden="true">公开</span><span>浈江区公共资源配置领域信息公开${area === 'admin' ? '·工作台' : ''}</span></a>
    <div class="header-tools">
      ${area === 'portal'
        ? html`<form class="quick-search" role="search" action="/search" method="get"><label for="q" class="visually-hidden">搜索公开信息</label><input id="q" name="q" type="search" placeholder="搜索公告、项目、单位"><button type="submit">搜索</button></form>`
        : ''}
      ${o.user
        ? html`<form class="user-box" method="post" action="/admin/logout"><span>${o.user.displayName}（${o.user.roles}）</span><input type="hidden" name="_csrf" value="${o.user.csrfToken}"><button type="submit" class="link-button">退出</button></form>`
        : area === 'admin'
          ? ''
          : html`<a class="login-link" href="/admin/login">工作人员登录</a>`}
    </div>
  </div>
  <div class="wrap">${nav(area === 'admin' ? ADMIN_NAV : PORTAL_NAV, o.current, area === 'admin' ? '工作台导航' : '主导航')}</div>
</header>
<main id="main" class="wrap" tabindex="-1">
${o.content}
</main>
<footer class="site-footer">
  <div class="wrap">
    <nav aria-label="政府信息公开">
      <ul>
        <li><a href="/departments">政府信息公开指南</a></li>
        <li><a href="/departments">政府信息公开目录</a></li>
        <li><a href="/annual-reports">政府信息公开年度报告</a></li>
        <li><a href="/requests/new">依申请公开</a></li>
        <li><a href="/api/v1/openapi.json">开放数据接口</a></li>
      </ul>
    </nav>
    <p>主办：浈江区人民政府办公室（政务公开办）　依据《国务院办公厅关于推进公共资源配置领域政府信息公开的意见》（国办发〔2017〕97号）</p>
  </div>
</footer>
</body>
</html>`;
}
