import { expect } from 'chai';
import { tokenFromAuthorization, tokenFromRequest } from '../../src/auth/app-tokens.ts';

/** SPEC §17: where a request carries an app token (the parsing alone; the WebAPI tests use it over HTTP). */
describe('tokenFromRequest', () => {
  const q = (s = '') => new URLSearchParams(s);
  const jwt = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJleHAiOjE1NTQ3NTk1MzN9.-cMETU0Y09ThEkpP3RuKVQx31pIGcqUxtJSeZu19JW8';

  it('reads `Token token="<t>"` as seeds 000 and 003 send it, quoted or not, with or without more fields', () => {
    expect(tokenFromAuthorization(`Token token="${jwt}"`)).to.equal(jwt);
    expect(tokenFromAuthorization(`token token=${jwt}`)).to.equal(jwt);
    expect(tokenFromAuthorization(`Token token="${jwt}", realm="x"`)).to.equal(jwt);
  });

  it("reads `Bearer <t>` as seed 002 sends it, whatever the scheme's case", () => {
    expect(tokenFromAuthorization(`Bearer ${jwt}`)).to.equal(jwt);
    expect(tokenFromAuthorization(`bearer ${jwt}`)).to.equal(jwt);
  });

  it('answers an unreadable value of a token scheme as it is (refused later), and other schemes as no token', () => {
    expect(tokenFromAuthorization('Bearer two words')).to.equal('Bearer two words');
    expect(tokenFromAuthorization('Token')).to.equal('Token');
    expect(tokenFromAuthorization('Basic YWRtaW46cHc=')).to.equal(undefined);
    expect(tokenFromAuthorization('Tokenized x')).to.equal(undefined);
    expect(tokenFromAuthorization('')).to.equal(undefined);
    expect(tokenFromAuthorization(undefined)).to.equal(undefined);
  });

  it('reads `access_token=` from the query (seed 004), the header winning over it', () => {
    expect(tokenFromRequest({}, q(`move&access_token=${jwt}&user_id=1`))).to.equal(jwt);
    expect(tokenFromRequest({ authorization: 'Bearer header-one' }, q('access_token=query-one'))).to.equal('header-one');
    expect(tokenFromRequest({}, q('access_token='))).to.equal(undefined);
    expect(tokenFromRequest({}, q())).to.equal(undefined);
  });
});
