// Every route of the timeliness module (registered once in web/app.ts).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { registerCalendarApiRoutes } from './routes-api.ts';
import { registerCalendarAdminRoutes } from './routes-calendar.ts';
import { registerObligationRoutes } from './routes-obligations.ts';
import { registerSupervisionRoutes } from './routes-supervision.ts';

export function registerTimelinessRoutes(app: FastifyInstance, ctx: AppContext) {
  registerCalendarApiRoutes(app, ctx);
  registerCalendarAdminRoutes(app, ctx);
  registerObligationRoutes(app, ctx);
  registerSupervisionRoutes(app, ctx);
}
