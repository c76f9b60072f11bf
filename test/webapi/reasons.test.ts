import { expect } from 'chai';
import { codeOf, wireError } from '../../src/api/reasons.ts';
import { Code } from '../../src/codes.ts';
import { DomainError } from '../../src/errors.ts';
import type { Reason } from '../../src/errors.ts';

// Every reason, checked complete by the type: a new reason must be added here.
const ALL = {
  'bad-input': true,
  'not-found': true,
  'no-access': true,
  'no-upload': true,
  'no-manage': true,
  'not-admin': true,
  exists: true,
  conflict: true,
  'create-failed': true,
  'edit-failed': true,
  'delete-failed': true,
  'queue-full': true,
  'too-many': true,
  'bad-selection': true,
  'bad-destination': true,
  unsafe: true,
  failed: true,
} satisfies Record<Reason, true>;
const REASONS = Object.keys(ALL) as Reason[];

describe('domain reasons at the API edge (src/api/reasons.ts)', () => {
  describe('for an API without a table of its own', () => {
    it('answers a code for every reason, never 100', () => {
      for (const reason of REASONS)
        expect(codeOf('SYNO.PhotoStation.Cover', reason, Code.BadRequest), reason)
          .to.be.a('number')
          .and.not.equal(Code.Unknown);
    });

    it("answers bad-input and not-found with the method's own bad-parameter code", () => {
      expect(codeOf('SYNO.PhotoStation.Thumb', 'bad-input', Code.ThumbBadParams)).to.equal(Code.ThumbBadParams);
      expect(codeOf('SYNO.PhotoStation.Comment', 'not-found', Code.CommentValidateFail)).to.equal(Code.CommentValidateFail);
      expect(codeOf(undefined, 'bad-input', Code.BadRequest)).to.equal(Code.BadRequest);
    });

    it('answers rights and name clashes with the album codes', () => {
      expect(codeOf('SYNO.PhotoStation.Album', 'no-manage', Code.BadRequest)).to.equal(Code.AlbumNoManageRight);
      expect(codeOf('SYNO.PhotoStation.Album', 'exists', Code.BadRequest)).to.equal(Code.AlbumHasExist);
      expect(codeOf('SYNO.PhotoStation.Album', 'create-failed', Code.BadRequest)).to.equal(Code.AlbumCreateFail);
    });
  });

  describe('for an API with its own table', () => {
    it('answers its own codes: one reason, a code per API', () => {
      expect(codeOf('SYNO.PhotoStation.Photo', 'no-manage', Code.PhotoBadParams)).to.equal(Code.PhotoAccessDeny);
      expect(codeOf('SYNO.PhotoStation.File', 'not-found', Code.FileBadParams)).to.equal(Code.FileDirNotExists);
      expect(codeOf('SYNO.PhotoStation.Trash', 'not-found', Code.BadRequest)).to.equal(Code.TrashNotFound);
      expect(codeOf('SYNO.PhotoStation.PhotoTag', 'bad-input', Code.BadRequest)).to.equal(Code.PhotoBadParams);
    });

    it('falls back to the defaults for a reason its table leaves out', () => {
      expect(codeOf('SYNO.PhotoStation.Photo', 'bad-input', Code.PhotoBadParams)).to.equal(Code.PhotoBadParams);
      expect(codeOf('SYNO.PhotoStation.Trash', 'queue-full', Code.BadRequest)).to.equal(Code.BatchQueueFull);
    });
  });

  it('maps the per-item failures of a partly done request with the same table', () => {
    const error = new DomainError('no-manage', 'two refused', [
      { id: 'photo_2f_61', reason: 'no-manage' },
      { id: 'photo_2f_62', reason: 'not-found' },
    ]);
    expect(wireError('SYNO.PhotoStation.Photo', error, Code.PhotoBadParams)).to.deep.equal({
      code: Code.PhotoAccessDeny,
      errors: [
        { id: 'photo_2f_61', code: Code.PhotoAccessDeny },
        { id: 'photo_2f_62', code: Code.PhotoBadParams },
      ],
    });
    expect(wireError('SYNO.PhotoStation.Photo', new DomainError('conflict', 'x'), Code.PhotoBadParams)).to.deep.equal({ code: Code.PhotoSelectConflict });
  });
});
