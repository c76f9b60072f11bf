import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';

const taskid = { type: 'string', minLength: 1, maxLength: 64 } as const;

export default {
  name: 'SYNO.PhotoStation.BackgroundTask',
  path: 'background_task.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BatchBadParams,
  handlers: 'background-task',
  summary: '(ext) Long operations running in the background: progress, per-item results, stop (SPEC §12).',
  methods: {
    list: {
      versions: [1],
      reads: true,
      auth: 'user',
      summary: 'The caller\'s tasks (an administrator\'s: all), newest first: `{total, offset, tasks}`.',
      params: {
        type: 'object',
        properties: {
          offset: { type: 'integer', minimum: 0, default: 0 },
          limit: { type: 'integer', minimum: -1, default: 100 },
          status: { type: 'string', enum: ['queued', 'processing', 'done', 'cancelled', 'rejected', 'failed'] },
        },
      },
    },
    status: {
      versions: [1],
      reads: true,
      auth: 'user',
      summary: 'One task, with its per-item results paged by `offset`/`limit`: `{task, total, offset, items}`. 602 for an unknown task.',
      params: {
        type: 'object',
        properties: {
          taskid,
          offset: { type: 'integer', minimum: 0, default: 0 },
          limit: { type: 'integer', minimum: -1, maximum: 5000, default: 100 },
        },
        required: ['taskid'],
      },
    },
    stop: {
      versions: [1],
      auth: 'user',
      summary: 'Stops a task before its next unit (a queued one at once); units done stay done.',
      params: { type: 'object', properties: { taskid }, required: ['taskid'] },
    },
    clear_finished: {
      versions: [1],
      auth: 'user',
      summary: 'Forgets the caller\'s finished tasks (done, cancelled, rejected, failed): `{cleared}`.',
      params: { type: 'object', properties: {} },
    },
  },
} satisfies ApiDescriptor;
