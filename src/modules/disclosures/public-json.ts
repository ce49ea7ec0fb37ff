// The public JSON of a disclosure (API, bulk files): the current published version only, with
// confidential fields withheld and personal fields masked by the same publicFields() as the portal.
import type { Executor } from '../../db/index.ts';
import type { ItemTypeRegistry } from '../item-types/service.ts';
import { publicFields, publicFieldsJson } from './public-view.ts';
import * as repo from './repository.ts';

type ListRow = Awaited<ReturnType<typeof repo.listPublicAfter>>[number];

export interface PublicDisclosureJson {
  id: number;
  url: string;
  title: string;
  state: 'published' | 'withdrawn';
  version: number;
  sector: string;
  itemType: { code: string; name: string };
  department: { code: string; name: string };
  project: { id: number; ocid: string; code: string; title: string } | null;
  formedDate: string;
  dueDate: string | null;
  firstPublishedAt: string | null;
  lastPublishedAt: string | null;
  fields: Record<string, unknown>;
  withheld: { field: string; reason: string }[];
}

export async function toPublicJsonList(db: Executor, reg: ItemTypeRegistry, baseUrl: string, rows: ListRow[]): Promise<PublicDisclosureJson[]> {
  const projectIds = [...new Set(rows.map((r) => r.project_id).filter((x): x is number => x !== null))];
  const [awarded, projects] = await Promise.all([repo.projectsWithAward(db, projectIds), repo.projectRefs(db, projectIds)]);
  const byId = new Map(projects.map((p) => [p.id, p]));
  return rows.map((r) => {
    const t = reg.byCodeOrUndefined(r.item_type_code)!;
    const awardPublished = ['award', 'contract', 'performance'].includes(t.stage) || (r.project_id !== null && awarded.has(r.project_id));
    const withdrawn = r.state === 'withdrawn';
    const pf = withdrawn ? { values: {}, withheld: [] } : publicFieldsJson(publicFields(t.fields, JSON.parse(r.fields) as Record<string, unknown>, { awardPublished }));
    const p = r.project_id !== null ? byId.get(r.project_id) : undefined;
    return {
      id: r.id,
      url: `${baseUrl}/disclosures/${r.id}`,
      title: r.title,
      state: withdrawn ? 'withdrawn' : 'published',
      version: r.version,
      sector: r.sector,
      itemType: { code: r.item_type_code, name: r.item_type_name },
      department: { code: r.department_code, name: r.department_name },
      project: p ? { id: p.id, ocid: p.ocid, code: p.code, title: p.title } : null,
      formedDate: r.version_formed_date,
      dueDate: r.due_date,
      firstPublishedAt: r.first_published_at,
      lastPublishedAt: r.last_published_at,
      fields: pf.values,
      withheld: pf.withheld,
    };
  });
}
