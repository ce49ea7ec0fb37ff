// zod schemas of the public calendar API; the same objects validate requests and feed the OpenAPI
// document (api/openapi.ts imports them).
import { z } from 'zod';
import { isIsoDate } from '../../calendar/index.ts';

const isoDate = z.string().refine((s) => isIsoDate(s), '日期应为 YYYY-MM-DD 格式的真实日期');
const count = (what: string) => z.coerce.number().int('应为整数').min(0, '不能为负数').max(366, '不能超过366').optional().describe(what);

export const CalendarDueQuery = z
  .object({
    from: isoDate.describe('起算日（当日不计入，民法典第二百零一条），YYYY-MM-DD'),
    workingDays: count('工作日数 N：返回起算日后第 N 个工作日（与 days 二选一）'),
    days: count('自然日数 N：返回第 N 日，末日为法定节假日或休息日的顺延至其后第一个工作日（与 workingDays 二选一）'),
  })
  .strict();

export const CalendarDaysQuery = z
  .object({
    year: z.coerce.number().int('应为整数').min(1900, '年份无效').max(2200, '年份无效').describe('年份，如 2026'),
  })
  .strict();

export const CalendarDueJson = z.object({
  from: isoDate,
  due: isoDate.describe('期限届满日'),
  unit: z.enum(['workingDays', 'calendarDays']),
  basis: z.string().describe('计算依据（民法典第二百零一条、第二百零三条原文及工作日口径）'),
});

export const CalendarDayJson = z.object({
  date: isoDate,
  weekday: z.enum(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']),
  type: z.enum(['holiday', 'workday']).describe('holiday：法定节假日放假；workday：调休上班日'),
  name: z.string().describe('节日名称'),
  noticeYear: z.number().int().describe('所依据的国务院办公厅通知的年度'),
  source: z.string().describe('通知网址（多份通知以分号分隔）'),
});

export const CalendarDaysJson = z.object({
  year: z.number().int(),
  coveredYears: z.array(z.number().int()).describe('已载入节假日安排的年度'),
  notices: z.array(z.object({ noticeYear: z.number().int(), source: z.string() })),
  days: z.array(CalendarDayJson),
});
