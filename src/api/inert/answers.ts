import { Code, WebApiError } from '../../codes.ts';

/**
 * Answers of the APIs Photo Station has and this server declares without giving them a meaning
 * (SPEC §15): clients look every API up in SYNO.API.Info and call it without checking, so each
 * method answers an envelope, never a 404. Reading methods answer an empty value; changing
 * methods answer 105, as Photo Station did for what only a DSM administrator could change.
 */
export const emptyList = () => ({ total: 0, offset: 0, items: [] });

export function onlyDsmAdmin(): never {
  throw new WebApiError(Code.NoPermission, 'Nothing to change here: this server has no DSM behind it');
}
