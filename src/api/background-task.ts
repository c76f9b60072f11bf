import type { User } from '../auth/users.ts';
import type { Call, Handlers } from '../services.ts';
import { unitCode } from './batch.ts';
import { presentTask, presentUnit } from '../tasks/present.ts';
import type { TaskRow, TaskStatus } from '../tasks/store.ts';
import { Code, WebApiError } from '../webapi/codes.ts';

/** Administrators see every task; others their own. */
function owner(user: User): number | null {
  return user.isAdmin ? null : user.id;
}

function findTask(call: Call<{ taskid: string }>): TaskRow {
  const task = call.services.tasks.store.get(call.params.taskid);
  const user = call.user as User;
  // Someone else's task is reported as unknown, so task ids cannot be probed.
  if (!task || (!user.isAdmin && task.user_id !== user.id)) throw new WebApiError(Code.BatchTaskNotFound, 'No such task');
  return task;
}

function pageLimit(limit: number, cap: number): number {
  return limit === -1 ? cap : Math.min(limit, cap);
}

function list(call: Call<{ offset: number; limit: number; status?: TaskStatus }>) {
  const { offset, limit, status } = call.params;
  const { total, rows } = call.services.tasks.store.list(owner(call.user as User), status, offset, pageLimit(limit, 1000));
  return { total, offset: offset + rows.length, tasks: rows.map(presentTask) };
}

function status(call: Call<{ taskid: string; offset: number; limit: number }>) {
  const task = findTask(call);
  const units = call.services.tasks.store.units(task.id, call.params.offset, pageLimit(call.params.limit, 5000));
  return { task: presentTask(task), total: task.total, offset: call.params.offset + units.length, items: units.map((u) => presentUnit(u, unitCode)) };
}

function stop(call: Call<{ taskid: string }>) {
  const task = findTask(call);
  call.services.tasks.runner.stop(task);
  return { task: presentTask(call.services.tasks.store.get(task.taskid) as TaskRow) };
}

function clearFinished(call: Call<unknown>) {
  return { cleared: call.services.tasks.store.clearFinished(owner(call.user as User)) };
}

export const handlers = { list, status, stop, clear_finished: clearFinished } satisfies Handlers;
