import { expect } from 'chai';
import { itemExtensions } from '../../src/library/media.ts';
import { contentTypeOf, hasContentType } from '../../src/library/mime.ts';

describe('Download content types', () => {
  it('every extension that makes an item has its own content type', () => {
    expect(itemExtensions().filter((ext) => !hasContentType(ext))).to.deep.equal([]);
  });

  it('go by the extension, whatever its case; anything else is octet-stream', () => {
    expect(contentTypeOf('A.JPG')).to.equal('image/jpeg');
    expect(contentTypeOf('clip.MOV')).to.equal('video/quicktime');
    expect(contentTypeOf('raw.NEF')).to.equal('image/x-nikon-nef');
    expect(contentTypeOf('noext')).to.equal('application/octet-stream');
  });
});
