// HTML fragments of the publication log: the "已登记于公开记录第 N 条" line on a disclosure page, and
// the publication-log section of /open-data. Leaf numbers shown to people are 1-based (index + 1);
// URLs and the API use the 0-based leaf index, as RFC 9162 does.
import { html, type SafeHtml } from '../../web/html.ts';
import type { LogEntryRef, LogKeyInfo } from './service.ts';

const EVENT_NAMES: Record<LogEntryRef['event'], string> = { publish: '首次发布', correct: '更正', withdraw: '撤回' };

export function proofUrl(index: number): string {
  return `/open-data/log/${index}`;
}

/** UTC leaf time shown in China time, 'YYYY-MM-DD HH:MM'. */
function chinaTime(leafTime: string): string {
  const d = new Date(Date.parse(leafTime) + 8 * 3600_000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`;
}

/**
 * The registration line for the version being shown (and the withdrawal, if any). Versions
 * published before the log existed have no entry; the page says so rather than staying silent.
 */
export function logNotice(entries: readonly LogEntryRef[], version: number): SafeHtml {
  const own = entries.filter((e) => e.version === version && e.event !== 'withdraw');
  const withdrawal = entries.find((e) => e.event === 'withdraw');
  const line = (e: LogEntryRef) =>
    html`<li>${EVENT_NAMES[e.event]}已登记于公开记录第 ${e.index + 1} 条（${chinaTime(e.time)}），<a href="${proofUrl(e.index)}">查看证明</a></li>`;
  const items = [...own, ...(withdrawal ? [withdrawal] : [])];
  return html`<section class="publication-log" aria-labelledby="log-title"><h2 id="log-title">公开记录</h2>
${items.length
  ? html`<ul>${items.map(line)}</ul>`
  : html`<p>本版本发布于公开记录启用之前，未登记。</p>`}
<p class="help">公开记录是只能追加、不能修改的发布日志，任何人都可以核验本信息发布后未被改动、删除或倒签日期。<a href="/open-data#publication-log">如何核验</a></p>
</section>`;
}

export interface OpenDataLogView {
  origin: string;
  checkpoint: string | null;
  size: number;
  keys: LogKeyInfo[];
  witnessKeys: readonly string[];
  baseUrl: string;
}

/** The publication-log section of /open-data (that page will grow other sections). */
export function openDataLogSection(v: OpenDataLogView): SafeHtml {
  return html`<section id="publication-log" aria-labelledby="pl-title">
<h2 id="pl-title">公开记录（可验证的发布日志）</h2>
<p>本平台每一次发布、更正和撤回都在同一数据库事务中登记为公开记录的一条，记录内容是该版本公开内容（标题、正文、公开字段、附件哈希、发布时间）的 SHA-256 哈希，个人信息只以脱敏后的形式参与计算。记录按 RFC 9162（证书透明度）组织为 Merkle 树，并定期以 Ed25519 密钥签署检查点（C2SP signed note 格式）。任何人都可以据此核验：已发布的信息没有被悄悄修改、删除，发布日期没有被倒签。</p>
<h3>当前检查点</h3>
<p>日志标识（origin）：<code>${v.origin}</code>；当前共 ${v.size} 条。</p>
${v.checkpoint ? html`<div class="table-scroll"><pre>${v.checkpoint}</pre></div>` : html`<p>尚未签署检查点。</p>`}
<h3>日志公钥</h3>
<div class="table-scroll"><table><thead><tr><th scope="col">公钥（verifier key）</th><th scope="col">启用时间</th><th scope="col">停用时间</th><th scope="col">状态</th></tr></thead><tbody>
${v.keys.map((k) => html`<tr><td><code>${k.verifierKey}</code></td><td>${k.createdAt}</td><td>${k.retiredAt ?? '—'}</td><td>${k.retiredAt === null ? '当前使用' : k.signing ? '已停用（过渡期内仍联合签署）' : '已停用（用于核验历史检查点）'}</td></tr>`)}
</tbody></table></div>
${v.witnessKeys.length ? html`<h3>见证方公钥</h3><ul>${v.witnessKeys.map((k) => html`<li><code>${k}</code></li>`)}</ul>` : ''}
<h3>如何核验</h3>
<ol>
<li>安装 Node.js 20 以上版本，获取本平台源代码后执行：<br><code>npx gongkai verify --server ${v.baseUrl} --key ${v.keys.find((k) => k.retiredAt === null)?.verifierKey ?? '公钥'}</code><br>核验工具会下载检查点和全部记录，重新计算 Merkle 树根并核对签名，逐条核对每一条已发布信息的每个版本，并与上次核验时保存的检查点（状态文件）做一致性证明。发现任何不一致时以非零状态退出并说明原因。</li>
<li>也可以直接调用接口：<code>GET /api/v1/log/checkpoint</code>（签名检查点，纯文本）、<code>GET /api/v1/log/entries?start=0&amp;end=1000</code>（记录，每次最多 1000 条）、<code>GET /api/v1/log/proof/inclusion?leaf=N&amp;size=M</code>（包含证明，或以 <code>hash=</code> 叶子哈希加 <code>disclosure=</code> 信息编号查找）、<code>GET /api/v1/log/proof/consistency?from=M&amp;to=N</code>（一致性证明）、<code>GET /api/v1/log/disclosures/{id}</code>（某条信息的记录及其公开内容）、<code>GET /api/v1/log/keys</code>（全部公钥）。哈希按 RFC 9162：叶子 SHA-256(0x00‖数据)，节点 SHA-256(0x01‖左‖右)；证明中的哈希为 Base64。</li>
<li>见证方（如审计局）可对检查点联合签名后提交至 <code>POST /api/v1/log/cosign</code>；<code>GET /api/v1/log/checkpoint?cosigned=1</code> 返回带见证签名的最新检查点。</li>
</ol>
</section>`;
}
