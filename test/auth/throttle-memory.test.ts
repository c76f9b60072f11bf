import { expect } from 'chai';
import { LoginThrottle } from '../../src/auth/throttle.ts';

const MINUTE = 60_000;

describe('login throttling keeps only failures within the window', () => {
  it('forgets keys never asked about again once their window has passed (it kept every one)', () => {
    const t = new LoginThrottle(5, 15 * MINUTE);
    // 20 000 guessed usernames from as many addresses, one failure each, spread over 2 hours.
    for (let i = 0; i < 20_000; i++) t.fail([`user${i}`, `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`], i * 360);
    // What remains: the keys of the last 15 minutes (2 500 failures, 2 keys each), at most doubled.
    expect(t.keys).to.be.at.most(2 * 2 * 2_500);
    expect(t.keys).to.be.at.least(2 * 2_500);
  });

  it('still blocks a key whose failures are within the window while others are swept', () => {
    const t = new LoginThrottle(5, 15 * MINUTE);
    for (let k = 0; k < 5; k++) t.fail(['alice'], k);
    for (let i = 0; i < 5_000; i++) t.fail([`guess${i}`], 10 * MINUTE + i);
    expect(t.blocked(['alice'], 14 * MINUTE)).to.equal(true);
    expect(t.blocked(['alice'], 16 * MINUTE)).to.equal(false);
  });
});
