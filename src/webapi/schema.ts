/**
 * Schema fragments the descriptors in webapi/ share, so a parameter that means the same thing
 * is declared the same way everywhere.
 */
export const idString = { type: 'string', maxLength: 20000 } as const;
export const idList = { type: 'array', items: { type: 'string', maxLength: 20000 }, maxItems: 100000 } as const;
export const nonEmptyIdList = { ...idList, minItems: 1 } as const;
export const additional = { type: 'array', items: { type: 'string', maxLength: 64 }, maxItems: 64, default: [] } as const;
export const limit = { type: 'integer', minimum: -1 } as const;
export const offset = { type: 'integer', minimum: 0 } as const;
export const sortDirection = { type: 'string', enum: ['asc', 'dsc', 'desc'] } as const;
export const text = { type: 'string', maxLength: 65536 } as const;
export const albumType = { type: 'string', enum: ['public', 'private', 'password'] } as const;
export const password = { type: 'string', maxLength: 4096 } as const;
export const cancelAction = { type: 'string', enum: ['mvcp', 'delete'] } as const;

/** A public share's id (SPEC §18), on the methods that serve a share's visitors (`share: true`). */
export const publicShareId = { type: 'string', maxLength: 64 } as const;
