import { Code } from '../src/webapi/codes.ts';
import type { ApiDescriptor } from '../src/webapi/descriptor.ts';
import * as tasks from '../src/api/background-task.ts';

export default {
  name: 'SYNO.PhotoStation.BackgroundTask',
  path: 'background_task.php',
  minVersion: 1,
  maxVersion: 1,
  badRequest: Code.BatchBadParams,
  summary: '(ext) Long operations running in the background: progress, per-item results, stop (docs/protocol.md §10).',
  methods: {
    list: {
      versions: [1],
      reads: true,
      summary: "The caller's tasks (an administrator's: all), newest first: `{total, offset, tasks}`.",
      ...tasks.list,
    },
    status: {
      versions: [1],
      reads: true,
      summary: 'One task, with its per-item results paged by `offset`/`limit`: `{task, total, offset, items}`. 602 for an unknown task.',
      ...tasks.status,
    },
    stop: {
      versions: [1],
      summary: 'Stops a task before its next unit (a queued one at once); units done stay done.',
      ...tasks.stop,
    },
    clear_finished: {
      versions: [1],
      summary: "Forgets the caller's finished tasks (done, cancelled, rejected, failed): `{cleared}`.",
      ...tasks.clearFinished,
    },
  },
} satisfies ApiDescriptor;
