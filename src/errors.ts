/**
 * The domain's own failures. Library, ops, batch, tasks and thumbs throw `DomainError` with a
 * reason; they never name a protocol code. Each API maps reasons to its codes at its edge
 * (src/api), so one reason may be 417 for an album and 457 for a photo.
 */
export type Reason =
  | 'bad-input' // a value the operation cannot take (malformed id, out-of-range number, bad name)
  | 'not-found' // the id names nothing the caller may see
  | 'no-access' // the caller may not see it
  | 'no-upload' // the caller may not add to it
  | 'no-manage' // the caller may not change it
  | 'not-admin' // only an administrator may do this
  | 'exists' // the name is taken and the caller asked for an error on clashes
  | 'conflict' // the selection overlaps itself or its destination
  | 'create-failed'
  | 'edit-failed'
  | 'delete-failed'
  | 'queue-full' // too many background tasks already
  | 'too-many' // the request names more items than one call may
  | 'bad-destination' // the destination album is malformed or does not exist (some APIs answer it apart from a bad source)
  | 'bad-selection' // a Batch selection that cannot be resolved
  | 'unsafe' // a symlink lies on the way to where the operation would write
  | 'failed'; // the disk or the index refused for a reason the caller cannot fix (logged)

/** One item's failure inside a partly done bulk operation. */
export interface ItemFailure {
  id: string;
  reason: Reason;
}

export class DomainError extends Error {
  readonly reason: Reason;
  readonly items: ItemFailure[] | undefined;

  constructor(reason: Reason, message: string, items?: ItemFailure[], options?: ErrorOptions) {
    super(message, options);
    this.name = 'DomainError';
    this.reason = reason;
    this.items = items;
  }
}
