// One error type crosses layers: services throw it, routes turn it into a Chinese page or
// a stable API error `{ error: { code, message, details } }`.

export interface ErrorDetail {
  /** Form field name or JSON path. */
  field: string;
  message: string;
  code?: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

export const notFound = (what = '页面') => new AppError(404, 'not_found', `未找到该${what}`);
export const forbidden = (message = '您没有执行此操作的权限') => new AppError(403, 'forbidden', message);
export const conflict = (message: string) => new AppError(409, 'conflict', message);
export const invalid = (details: ErrorDetail[], message = '提交的内容有误，请按提示修改') => new AppError(400, 'validation_failed', message, details);
