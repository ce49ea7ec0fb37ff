// Wiring: configuration → database → services. Routes and jobs receive this one object.
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.ts';
import { openDatabase, type DatabaseHandle } from './db/index.ts';
import { BlobStore } from './modules/attachments/store.ts';
import { DisclosureService, type DueComputer } from './modules/disclosures/service.ts';
import { ITEM_TYPES } from './modules/item-types/catalogue-data.ts';
import { ItemTypeRegistry, syncItemTypes } from './modules/item-types/service.ts';
import { PublicationLog } from './modules/publication-log/service.ts';
import { SearchService } from './modules/search/service.ts';
import { ChangeFeed } from './modules/opendata/changes.ts';
import { createSubscriptionMailer } from './modules/subscriptions/mail.ts';
import { SubscriptionService } from './modules/subscriptions/service.ts';
import { WebhookService } from './modules/subscriptions/webhooks.ts';
import { createTimeliness, openCalendar, type TimelinessService } from './modules/timeliness/service.ts';
import { createRequests, type RequestsModule } from './modules/requests/index.ts';
import { AnnualReportService } from './modules/annual-report/service.ts';
import { PrivacyService } from './modules/privacy/service.ts';
import { PrivacyActions } from './modules/privacy/actions.ts';
import { AssessmentService } from './modules/assessment/service.ts';
import { FeedbackService } from './modules/feedback/service.ts';
import { BlacklistService, blacklistGate } from './modules/blacklist/service.ts';
import { blacklistReindexSource, blacklistSearchHook } from './modules/blacklist/indexing.ts';
import { RedFlagService } from './modules/red-flags/service.ts';

export interface AppContext {
  config: Config;
  database: DatabaseHandle;
  itemTypes: ItemTypeRegistry;
  blobs: BlobStore;
  disclosures: DisclosureService;
  due: DueComputer;
  publicationLog: PublicationLog;
  timeliness: TimelinessService;
  search: SearchService;
  changes: ChangeFeed;
  subscriptions: SubscriptionService;
  webhooks: WebhookService;
  requests: RequestsModule;
  annualReports: AnnualReportService;
  /** The privacy and secrecy guard (issue 6): findings, 保密审查, public renditions. */
  privacy: PrivacyService;
  privacyActions: PrivacyActions;
  /** 考核 (issue 8 §6): schemes, scores, snapshots. */
  assessment: AssessmentService;
  /** Public feedback and opinion response (issue 8 §7). */
  feedback: FeedbackService;
  /** The 黑名单 (issue 8 §1) and its approval cross-check (§2). */
  blacklist: BlacklistService;
  /** Red flags on procurement and bidding projects (issue 8 §3). */
  redFlags: RedFlagService;
  close(): Promise<void>;
}

export async function createContext(config: Config): Promise<AppContext> {
  fs.mkdirSync(config.filesDir, { recursive: true });
  const database = await openDatabase(config);
  const { db } = database;
  await db.transaction().execute((trx) => syncItemTypes(trx, ITEM_TYPES));
  const itemTypes = new ItemTypeRegistry();
  await itemTypes.reload(db);
  const blobs = new BlobStore(config.filesDir, config.maxUploadBytes);
  // The official calendar lives in the database (seeded from the bundled CSV); `due` follows imports.
  const calendar = await openCalendar(database);
  const due = calendar.due;
  const disclosures = new DisclosureService(db, database.dialect, itemTypes, due, blobs);
  const privacy = new PrivacyService(db, blobs, itemTypes);
  disclosures.privacy = privacy;
  const privacyActions = new PrivacyActions(db, disclosures, privacy, blobs, itemTypes);
  const blacklist = new BlacklistService(db, database.dialect, blobs, () => itemTypes.sectors.map((x) => x.code));
  disclosures.approvalGates.push(blacklistGate(itemTypes));
  const publicationLog = await PublicationLog.open({ db, dialect: database.dialect, itemTypes, keysDir: path.join(config.dataDir, 'keys'), baseUrl: config.baseUrl, witnessKeys: config.logWitnessKeys });
  disclosures.hooks.push(publicationLog.hook);
  const search = new SearchService(db, database.dialect, disclosures, itemTypes);
  disclosures.hooks.push(search.hook);
  const changes = new ChangeFeed(db, database.dialect, disclosures);
  disclosures.hooks.push(changes.hook);
  const webhooks = new WebhookService(db, config.baseUrl, { allowHttp: config.env !== 'production' });
  changes.listeners.push(webhooks.enqueue);
  // 黑名单 entries in the search index and the change feed, in the transaction of each public change.
  blacklist.hooks.push(blacklistSearchHook(search, (s) => itemTypes.sectorName(s)), changes.blacklistHook);
  search.sources.push(blacklistReindexSource(blacklist, (s) => itemTypes.sectorName(s)));
  const subscriptionMailer = createSubscriptionMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom });
  const subscriptions = new SubscriptionService(db, itemTypes, search, subscriptionMailer, config.baseUrl);
  const timeliness = createTimeliness({ database, config, itemTypes, calendar, disclosures });
  const requests = createRequests({ database, calendar: () => calendar.current(), blobs, mailer: timeliness.mailer, baseUrl: config.baseUrl });
  const annualReports = new AnnualReportService({ db, itemTypes, disclosures, requests: requests.service, supervision: timeliness.supervision, blobs });
  const assessment = new AssessmentService(db, { supervision: timeliness.supervision, requests: requests.service, annualReports });
  const feedback = new FeedbackService(db, disclosures, () => calendar.current(), { replyWorkingDays: config.feedbackReplyWorkingDays });
  const redFlags = new RedFlagService(db, { disclosures, itemTypes, calendar: () => calendar.current() });
  return {
    config,
    database,
    itemTypes,
    blobs,
    disclosures,
    due,
    publicationLog,
    timeliness,
    search,
    changes,
    subscriptions,
    webhooks,
    requests,
    annualReports,
    privacy,
    privacyActions,
    assessment,
    feedback,
    blacklist,
    redFlags,
    close: async () => {
      subscriptionMailer.close();
      timeliness.close();
      await publicationLog.stop();
      await database.destroy();
    },
  };
}
