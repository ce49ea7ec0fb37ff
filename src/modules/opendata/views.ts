// The /open-data page: everything a re-user needs, in Chinese – API, change feed, bulk files,
// feeds, subscriptions, licence and limits – plus the publication log's section (its own module).
import { html, type SafeHtml } from '../../web/html.ts';
import type { BulkManifest } from './export.ts';

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function openDataPage(o: { baseUrl: string; exports: BulkManifest[]; perMinute: number; sectors: { code: string; name: string }[]; logSection: SafeHtml | null; latestSeq: number }): SafeHtml {
  const b = o.baseUrl;
  const latest = o.exports[0];
  return html`<h1>开放数据</h1>
<p class="lead">本平台公开的全部信息均可通过开放接口、变更流、每日全量文件和订阅源自由获取、再利用，无需注册或登录。个人信息已依法脱敏，依法不予公开的字段不出现在任何数据中，并列明不公开的依据。</p>
<nav aria-label="本页目录" class="toc"><ul>
<li><a href="#licence">许可协议</a></li><li><a href="#api">开放接口（API）</a></li><li><a href="#changes">变更流（数据同步）</a></li>
<li><a href="#bulk">每日全量文件</a></li><li><a href="#feeds">Atom 订阅源</a></li><li><a href="#subscribe">邮件订阅与 Webhook</a></li>
<li><a href="#limits">访问频率限制</a></li>${o.logSection ? html`<li><a href="#publication-log">公开记录（可验证的发布日志）</a></li>` : ''}
</ul></nav>

<section id="licence" aria-labelledby="licence-title"><h2 id="licence-title">许可协议</h2>
<p>数据以<a href="https://creativecommons.org/licenses/by/4.0/deed.zh-hans">知识共享 署名 4.0 国际许可协议（CC BY 4.0）</a>提供：可以复制、转载、加工和商业利用，请注明来源“浈江区公共资源配置领域信息公开平台”并附原文链接。数据以发布单位公开的原文为准。</p></section>

<section id="api" aria-labelledby="api-title"><h2 id="api-title">开放接口（API）</h2>
<p>接口返回 JSON，支持跨域（CORS）的 GET 请求。完整说明（含参数、返回格式和示例）见 <a href="/api/v1/openapi.json">OpenAPI 3.1 文档</a>。错误统一为 <code>{"error": {"code", "message", "details"}}</code>。</p>
<div class="table-scroll"><table><thead><tr><th scope="col">地址</th><th scope="col">说明</th></tr></thead><tbody>
<tr><td><code>GET /api/v1/disclosures</code></td><td>公开信息列表，按首次发布时间倒序，游标分页（<code>cursor</code>），可按领域、单位、信息类型、项目、日期筛选</td></tr>
<tr><td><code>GET /api/v1/disclosures/{id}</code></td><td>一条公开信息：当前版本、版本记录、附件及其 SHA-256、撤回说明</td></tr>
<tr><td><code>GET /api/v1/search?q=…</code></td><td>全文检索公开信息、项目和黑名单记录：按原文精确匹配（单字、词语、短语、公司名、统一社会信用代码、项目编号），相关度或时间排序，分面统计，高亮</td></tr>
<tr><td><code>GET /api/v1/changes?since=…</code></td><td>变更流：公开信息的每一次发布、更正、撤回，黑名单记录的每一次发布、信用修复、撤销、到期，按提交顺序排列</td></tr>
<tr><td><code>GET /api/v1/blacklist</code>、<code>/api/v1/blacklist/{id}</code></td><td>黑名单：当前公示名单和历史记录，可按名称、统一社会信用代码、领域、严重程度、决定单位查询；自然人身份证号码已脱敏</td></tr>
<tr><td><code>GET /api/v1/item-types</code>、<code>/api/v1/departments</code></td><td>信息类型（字段、公开时限、依据）和公开单位</td></tr>
</tbody></table></div>
<p>示例：<code>curl '${b}/api/v1/search?q=危房改造&amp;sort=date&amp;limit=5'</code></p></section>

<section id="changes" aria-labelledby="changes-title"><h2 id="changes-title">变更流（数据同步）</h2>
<p>镜像站、媒体和研究者可以通过变更流保持与本平台同步，无需反复抓取网页：</p>
<ol>
<li>首次同步：下载最新的<a href="#bulk">每日全量文件</a>，或从头读取 <code>GET /api/v1/changes</code>（不带 <code>since</code>）。</li>
<li>每条变更包含序号 <code>seq</code>、对象 <code>entity</code>、类型 <code>kind</code> 和时间。公开信息（<code>entity</code> 为 <code>disclosure</code>）：<code>publish</code> 发布、<code>correct</code> 更正、<code>withdraw</code> 撤回，附信息标识、版本和该信息的 API 地址，更正和撤回附有原因。黑名单记录（<code>entity</code> 为 <code>blacklist</code>）：<code>publish</code> 发布公示、<code>repair</code> 信用修复、<code>revoke</code> 决定撤销、<code>expire</code> 公示期满，<code>blacklist</code> 字段给出该记录在变更当时的全部公开内容（与 <code>/api/v1/blacklist/{id}</code> 相同，身份证号码已脱敏），按 <code>id</code> 覆盖保存即可。</li>
<li>保存响应中的 <code>nextCursor</code>，下次请求 <code>GET /api/v1/changes?since=&lt;nextCursor&gt;</code>。<code>more</code> 为 <code>true</code> 时立即读取下一页，否则隔几分钟再轮询。只同步一类时加 <code>entity=disclosure</code> 或 <code>entity=blacklist</code>，序号和游标不变。</li>
</ol>
<p>变更流按事务提交顺序编号，只追加、不修改：同一游标永远返回同样的结果，不会遗漏或重复。当前最新序号：${o.latestSeq}。</p></section>

<section id="bulk" aria-labelledby="bulk-title"><h2 id="bulk-title">每日全量文件</h2>
<p>每天生成一次全部公开信息（已撤回的信息只保留标题和撤回记录）的全量文件，保留最近 7 天：JSON Lines（每行一条，与 API 格式相同）和 CSV（UTF-8 带 BOM，可直接用电子表格打开；结构化字段为 JSON 列）。开放合同数据标准（OCDS）格式随项目数据一并提供后列于此处。下载后可用 <code>sha256sum -c SHA256SUMS</code> 校验文件完整性。</p>
${latest
  ? html`<div class="table-scroll"><table><caption>${latest.date} 的文件（生成于 ${latest.generatedAt}，共 ${latest.files[0]?.records ?? 0} 条）</caption><thead><tr><th scope="col">文件</th><th scope="col">格式</th><th scope="col">大小</th><th scope="col">SHA-256</th></tr></thead><tbody>
${latest.files.map((f) => html`<tr><td><a href="/open-data/files/${latest.date}/${f.name}" download>${f.name}</a></td><td>${f.format === 'csv' ? 'CSV' : 'JSON Lines'}</td><td>${size(f.bytes)}</td><td><code class="hash">${f.sha256}</code></td></tr>`)}
</tbody></table></div>
<p><a href="/open-data/files/${latest.date}/SHA256SUMS">SHA256SUMS</a> · <a href="/open-data/files/${latest.date}/manifest.json">manifest.json</a>${o.exports.length > 1 ? html` · 往日文件：${o.exports.slice(1).map((e, i) => html`${i ? '、' : ''}<a href="/open-data/files/${e.date}/manifest.json">${e.date}</a>`)}` : ''}</p>`
  : html`<p>今日的全量文件尚未生成（每天自动生成一次）。</p>`}</section>

<section id="feeds" aria-labelledby="feeds-title"><h2 id="feeds-title">Atom 订阅源</h2>
<p>用任何 RSS/Atom 阅读器订阅（RFC 4287 格式），每个源列出最新 50 条：</p>
<ul>
<li>全站：<a href="/feeds/all.atom">/feeds/all.atom</a>（公开信息、项目和黑名单记录）</li>
<li>黑名单：<a href="/feeds/blacklist.atom">/feeds/blacklist.atom</a>（新公示的记录；公示期满、信用修复或决定撤销而移出公示的记录显示为已更新）</li>
<li>按领域：${o.sectors.map((s, i) => html`${i ? '、' : ''}<a href="/feeds/sectors/${s.code}.atom">${s.name}</a>`)}</li>
<li>按单位：<code>/feeds/departments/{单位代码}.atom</code>（各单位页面有链接，单位代码见 <a href="/api/v1/departments">/api/v1/departments</a>）</li>
<li>按项目：<code>/feeds/projects/{项目 id}.atom</code>（各项目页面有链接）</li>
<li>任意搜索：<code>/feeds/search.atom?q=危房改造</code>（搜索结果页有“订阅此搜索”的链接，筛选条件同 /search）</li>
</ul></section>

<section id="subscribe" aria-labelledby="subscribe-title"><h2 id="subscribe-title">邮件订阅与 Webhook</h2>
<p><a href="/subscriptions/new">邮件订阅</a>：按领域、单位、项目或保存的搜索订阅，无需注册。提交后会收到确认邮件，点击确认链接后生效（双重确认）；每天最多一封摘要邮件，每封邮件都有一键退订链接。</p>
<p>Webhook：交易平台、新闻媒体和政务新媒体可向政务公开办申请登记接收地址。登记时选择推送内容：公开信息每次发布、更正或撤回，和/或黑名单记录每次公示、信用修复、撤销或到期，平台会向该地址发送 HTTPS POST（JSON，与变更流条目格式相同），请求头 <code>X-Gongkai-Signature: sha256=&lt;HMAC-SHA256(密钥, 时间戳.正文)&gt;</code> 和 <code>X-Gongkai-Timestamp</code> 供核验来源；失败时按指数退避重试（最多 8 次），每次投递都有记录。</p></section>

<section id="limits" aria-labelledby="limits-title"><h2 id="limits-title">访问频率限制</h2>
<p>${o.perMinute > 0 ? `为保障服务稳定，开放接口、搜索和订阅源对每个 IP 地址限制为每分钟 ${o.perMinute} 次请求。` : '当前未设置访问频率限制。'}超过限制时返回 HTTP 429，响应头 <code>Retry-After</code> 给出需要等待的秒数，接口另返回 <code>{"error": {"code": "rate_limited"}}</code>。批量获取请使用每日全量文件和变更流，不要逐页抓取。</p></section>
${o.logSection ?? ''}`;
}
