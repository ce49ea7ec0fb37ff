// OpenAPI paths and schemas of the published assessments (merged into /api/v1/openapi.json).
const err = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };

export function assessmentPaths() {
  return {
    '/assessments': {
      get: {
        operationId: 'listAssessments',
        summary: '已发布的考核结果列表（政务公开办对各单位的年度考核）',
        responses: { '200': { description: '已发布的考核', content: { 'application/json': { schema: { type: 'object', properties: { data: { type: 'array', items: { $ref: '#/components/schemas/AssessmentSummary' } } } } } } } },
      },
    },
    '/assessments/{id}': {
      get: {
        operationId: 'getAssessment',
        summary: '一次已发布的考核：指标、计量口径、各单位得分排名及每项得分的计量数据和计算方法、通报表扬和通报批评名单（发布时的存档，不随数据变化）',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        responses: { '200': { description: '考核结果', content: { 'application/json': { schema: { $ref: '#/components/schemas/Assessment' } } } }, '404': { description: '未找到或未发布', ...err } },
      },
    },
  };
}

export function assessmentSchemas() {
  const item = { type: 'object', required: ['code', 'name', 'maxPoints', 'kind'], properties: { code: { type: 'string' }, name: { type: 'string' }, maxPoints: { type: 'number' }, kind: { enum: ['automatic', 'manual'] }, measure: { type: 'string' }, deductPerUnit: { type: 'number' } } };
  const score = { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string' }, maxPoints: { type: 'number' }, points: { type: 'number' }, measure: { type: ['string', 'null'] }, inputs: { type: 'object', additionalProperties: { type: ['number', 'string', 'null'] } }, formula: { type: 'string' }, note: { type: 'string' }, source: { enum: ['automatic', 'manual', 'third_party', 'missing'] } } };
  return {
    AssessmentSummary: { type: 'object', required: ['id', 'name', 'year'], properties: { id: { type: 'integer' }, name: { type: 'string' }, year: { type: 'integer' }, periodFrom: { type: 'string', format: 'date' }, periodTo: { type: 'string', format: 'date' }, publishedAt: { type: 'string', format: 'date-time' } } },
    Assessment: {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        name: { type: 'string' },
        year: { type: 'integer' },
        period: { type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' }, asOf: { type: 'string' } } },
        publishedAt: { type: 'string', format: 'date-time' },
        items: { type: 'array', items: item },
        measures: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, definition: { type: 'string' } } } },
        rules: { type: 'object', properties: { commendTop: { type: 'integer' }, commendMin: { type: ['number', 'null'] }, criticiseBottom: { type: 'integer' }, criticiseBelow: { type: ['number', 'null'] } } },
        lists: { type: 'object', properties: { commend: { type: 'array', items: { type: 'integer' } }, criticise: { type: 'array', items: { type: 'integer' } } } },
        rows: { type: 'array', items: { type: 'object', properties: { departmentId: { type: 'integer' }, code: { type: 'string' }, name: { type: 'string' }, total: { type: 'number' }, rank: { type: 'integer' }, items: { type: 'array', items: score } } } },
      },
    },
  };
}
