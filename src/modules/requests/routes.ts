// All routes of issue 7 (requests, reconsideration/litigation records, annual reports), registered
// by src/web/app.ts with one call.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { registerAnnualReportRoutes } from '../annual-report/routes.ts';
import { registerRequestAdminRoutes } from './routes-admin.ts';
import { registerReviewCaseRoutes } from './routes-cases.ts';
import { registerRequestPublicRoutes } from './routes-public.ts';

export function registerRequestRoutes(app: FastifyInstance, ctx: AppContext): void {
  registerRequestPublicRoutes(app, ctx);
  registerRequestAdminRoutes(app, ctx);
  registerReviewCaseRoutes(app, ctx);
  registerAnnualReportRoutes(app, ctx);
}
