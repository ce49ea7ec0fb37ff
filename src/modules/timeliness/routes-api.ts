// Public calendar API: GET /api/v1/calendar/due and /api/v1/calendar/days. Dates outside the known
// calendar answer 422 `calendar_unknown` – never a Monday–Friday guess.
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../domain/errors.ts';
import { CalendarDaysQuery, CalendarDueQuery } from './schemas.ts';

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new AppError(
    400,
    'validation_failed',
    '请求参数有误',
    r.error.issues.map((i) => ({ field: i.path.join('.') || '(query)', message: i.code === 'unrecognized_keys' ? `不支持的参数：${(i as { keys: string[] }).keys.join(', ')}` : i.message, code: i.code })),
  );
}

export function registerCalendarApiRoutes(app: FastifyInstance, ctx: AppContext) {
  const cal = ctx.timeliness.calendar;

  app.get('/api/v1/calendar/due', async (req, reply) => {
    const q = parse(CalendarDueQuery, req.query);
    if ((q.workingDays === undefined) === (q.days === undefined)) {
      throw new AppError(400, 'validation_failed', '请求参数有误', [{ field: 'workingDays', message: 'workingDays 与 days 必须且只能提供一个', code: 'exactly_one' }]);
    }
    const r = q.workingDays !== undefined ? cal.period(q.from, q.workingDays, 'workingDays') : cal.period(q.from, q.days!, 'calendarDays');
    reply.header('cache-control', 'public, max-age=300');
    return r;
  });

  app.get('/api/v1/calendar/days', async (req, reply) => {
    const q = parse(CalendarDaysQuery, req.query);
    const r = cal.daysOf(q.year);
    reply.header('cache-control', 'public, max-age=300');
    return r;
  });
}
