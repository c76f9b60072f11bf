import type { User } from '../auth/users.ts';
import type { Services } from '../services.ts';
import { unitCode } from './reasons.ts';
import { presentTask, presentUnit } from '../tasks/present.ts';
import type { TaskRow } from '../tasks/store.ts';
import { Code, WebApiError } from '../codes.ts';
import { route } from '../webapi/route.ts';

const taskid = { type: 'string', minLength: 1, maxLength: 64 } as const;

/** Administrators see every task; others their own. */
function owner(user: User): number | null {
  return user.isAdmin ? null : user.id;
}

function findTask(services: Services, user: User, taskid: string): TaskRow {
  const task = services.tasks.store.get(taskid);
  // Someone else's task is reported as unknown, so task ids cannot be probed.
  if (!task || (!user.isAdmin && task.user_id !== user.id)) throw new WebApiError(Code.BatchTaskNotFound, 'No such task');
  return task;
}

function pageLimit(limit: number, cap: number): number {
  return limit === -1 ? cap : Math.min(limit, cap);
}

export const list = route(
  'user',
  {
    type: 'object',
    properties: {
      offset: { type: 'integer', minimum: 0, default: 0 },
      limit: { type: 'integer', minimum: -1, default: 100 },
      status: { type: 'string', enum: ['queued', 'processing', 'done', 'cancelled', 'rejected', 'failed'] },
    },
  },
  ({ params, user, services }) => {
    const { offset, limit, status } = params;
    const { total, rows } = services.tasks.store.list(owner(user), status, offset, pageLimit(limit, 1000));
    return { total, offset: offset + rows.length, tasks: rows.map(presentTask) };
  },
);

export const status = route(
  'user',
  {
    type: 'object',
    properties: {
      taskid,
      offset: { type: 'integer', minimum: 0, default: 0 },
      limit: { type: 'integer', minimum: -1, maximum: 5000, default: 100 },
    },
    required: ['taskid'],
  },
  ({ params, user, services }) => {
    const task = findTask(services, user, params.taskid);
    const units = services.tasks.store.units(task.id, params.offset, pageLimit(params.limit, 5000));
    return { task: presentTask(task), total: task.total, offset: params.offset + units.length, items: units.map((u) => presentUnit(u, unitCode)) };
  },
);

export const stop = route('user', { type: 'object', properties: { taskid }, required: ['taskid'] }, ({ params, user, services }) => {
  const task = findTask(services, user, params.taskid);
  services.tasks.runner.stop(task);
  return { task: presentTask(services.tasks.store.get(task.taskid) as TaskRow) };
});

export const clearFinished = route('user', { type: 'object', properties: {} }, ({ user, services }) => ({ cleared: services.tasks.store.clearFinished(owner(user)) }));
