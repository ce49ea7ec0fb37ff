// PURE: the input of the red-flag evaluation (one project's published, public notices) and the
// helpers that read item-type fields out of it – money as exact cents, dates, parties and awards.
// No I/O: the service builds the input from public-json (withheld fields are simply absent).

export interface NoticeInput {
  disclosureId: number;
  /** Item type code (catalogue-data.ts), e.g. `construction-award`. */
  itemType: string;
  title: string;
  formedDate: string;
  dueDate: string | null;
  /** First publication, ISO UTC. */
  publishedAt: string | null;
  /** Working days late against the due date (0 = on time); null when not computable (no rule, calendar unknown). */
  lateWorkingDays: number | null;
  /** Public field values only (public-json: withheld fields absent, personal ones masked). */
  fields: Record<string, unknown>;
}

export interface ProjectInput {
  id: number;
  title: string;
  sector: string;
  departmentId: number;
  departmentName: string;
  notices: NoticeInput[];
}

export interface Party {
  name?: string;
  creditCode?: string;
  /** Where the party appears (Chinese role, e.g. 中标人). */
  role: string;
  disclosureId: number;
  /** The day the party took part: the notice's formed date. */
  onDate: string;
}

export interface AwardRecord {
  projectId: number;
  projectTitle: string;
  disclosureId: number;
  buyer: string;
  supplierKey: string;
  supplierName: string;
  date: string;
}

export const TENDER_TYPES = ['procurement-tender', 'procurement-negotiation', 'procurement-single-source', 'construction-tender'] as const;
export const AWARD_TYPES = ['procurement-award', 'construction-award'] as const;
export const CONTRACT_TYPES = ['procurement-contract', 'construction-contract'] as const;

export function noticesOf(p: ProjectInput, ...types: readonly string[]): NoticeInput[] {
  return p.notices.filter((n) => types.includes(n.itemType));
}

export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number') return String(v);
  return undefined;
}

export function isDate(v: unknown): v is string {
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));
}

export function rows(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter((r): r is Record<string, unknown> => !!r && typeof r === 'object') : [];
}

/** Exact cents of a money value ("1234.5", "1,234.56", 1234); null when absent or malformed. */
export function cents(v: unknown): bigint | null {
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.replace(/,/g, '').trim() : '';
  const m = /^(\d+)(?:\.(\d{1,2})\d*)?$/.exec(s);
  if (!m) return null;
  return BigInt(m[1]!) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
}

export function yuan(c: bigint): string {
  const neg = c < 0n;
  const a = neg ? -c : c;
  const int = (a / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${int}.${(a % 100n).toString().padStart(2, '0')} 元`;
}

/** Calendar days from `a` to `b` (the first day not counted, 民法典 第二百零一条). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The same day `n` months later (clamped to the month's end). */
export function addMonths(iso: string, n: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m - 1 + n + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + n, Math.min(d, last))).toISOString().slice(0, 10);
}

/** Name as compared: full-width brackets and spaces normalised (有限公司（韶关） = 有限公司(韶关)). */
export function normaliseName(s: string): string {
  return s.replace(/[（]/g, '(').replace(/[）]/g, ')').replace(/\s+/g, '').toUpperCase();
}

export function partyKey(name: string | undefined, creditCode: string | undefined): string | null {
  if (creditCode) return `USCI:${creditCode.toUpperCase()}`;
  if (name) return `NAME:${normaliseName(name)}`;
  return null;
}

/** Every named participant of the project: bidders, candidates, winners, contract parties. */
export function partiesOf(p: ProjectInput): Party[] {
  const out: Party[] = [];
  const add = (n: NoticeInput, role: string, name: unknown, creditCode: unknown) => {
    const nm = str(name);
    const cc = str(creditCode);
    if (nm || cc) out.push({ ...(nm ? { name: nm } : {}), ...(cc ? { creditCode: cc } : {}), role, disclosureId: n.disclosureId, onDate: n.formedDate });
  };
  for (const n of p.notices) {
    const f = n.fields;
    switch (n.itemType) {
      case 'procurement-award':
        for (const r of rows(f.suppliers)) add(n, '中标（成交）供应商', r.name, r.creditCode);
        break;
      case 'procurement-contract':
        add(n, '合同供应商', f.supplier, f.supplierCreditCode);
        break;
      case 'procurement-single-source':
        add(n, '拟定单一来源供应商', f.supplierName, f.supplierCreditCode);
        break;
      case 'construction-evaluation':
        for (const r of rows(f.rankedBidders)) add(n, '投标人', r.name, r.creditCode);
        break;
      case 'construction-candidates':
        for (const r of rows(f.candidates)) add(n, '中标候选人', r.name, r.creditCode);
        break;
      case 'construction-award':
        add(n, '中标人', f.winner, f.winnerCreditCode);
        break;
      case 'construction-contract':
        add(n, '承包人', f.contractor, f.contractorCreditCode);
        break;
    }
  }
  return out;
}

/** The project's awards (one per winning supplier per award notice), for the repeat-winner flag. */
export function awardsOf(p: ProjectInput): AwardRecord[] {
  const out: AwardRecord[] = [];
  for (const n of noticesOf(p, ...AWARD_TYPES)) {
    const f = n.fields;
    const proc = n.itemType === 'procurement-award';
    const buyer = normaliseName(str(proc ? f.purchaser : f.tenderer) ?? p.departmentName);
    const rawDate = proc ? f.awardDate : f.awardNoticeDate;
    const date = isDate(rawDate) ? rawDate : n.formedDate;
    const winners = proc ? rows(f.suppliers).map((r) => ({ name: str(r.name), cc: str(r.creditCode) })) : [{ name: str(f.winner), cc: str(f.winnerCreditCode) }];
    for (const w of winners) {
      const key = partyKey(w.name, w.cc);
      if (key) out.push({ projectId: p.id, projectTitle: p.title, disclosureId: n.disclosureId, buyer, supplierKey: key, supplierName: w.name ?? w.cc ?? '', date });
    }
  }
  return out;
}

/** Amounts written in free text (被否决投标情况): “投标报价：1,234,567.00元”, “123.45万元”. */
export function amountsInText(text: string): bigint[] {
  const out: bigint[] = [];
  for (const m of text.matchAll(/(\d[\d,]*(?:\.\d+)?)\s*(万元|元)/g)) {
    const c = cents(m[1]!);
    if (c === null) continue;
    if (m[2] === '万元') {
      // 万元 with up to 6 decimals is still exact in cents.
      const [i, d = ''] = m[1]!.replace(/,/g, '').split('.');
      out.push(BigInt(i!) * 1_000_000n + BigInt(d.padEnd(6, '0').slice(0, 6)));
    } else out.push(c);
  }
  return out;
}
