import { expect } from 'chai';
import { MEMORY_LIMIT, runLoad } from '../scripts/load/run.ts';
import type { LoadReport } from '../scripts/load/run.ts';

/**
 * The short load run (`npm run load` is the long one: 64 connections for 60 s): 16 keep-alive
 * workers of mixed traffic for 10 s of warm-up and 10 s measured against the real server in its
 * own process. No failure, and the server's RSS and live heap after a full collection (medians of
 * five readings at each end) within 20% of the warm-up's.
 */
describe('load: 16 connections of mixed traffic for 10 s after a 10 s warm-up', function () {
  this.timeout(90_000);
  let report: LoadReport;

  before(async () => {
    report = await runLoad({ seconds: 10, warmup: 10, connections: 16, seed: 1 });
  });

  it('answers every request with success or an expected domain error, and logs no error', () => {
    expect(report.failures).to.deep.equal([]);
  });

  it('sends every kind of request while measuring', () => {
    const methods = report.methods.map((m) => m.method).sort();
    expect(methods).to.deep.equal(
      [
        'Album.getinfo',
        'Album.list',
        'Album.move',
        'BackgroundTask.status',
        'Batch.copy',
        'File.uploadphoto',
        'Photo.cancel',
        'Photo.copy copy',
        'Photo.copy copy (cancelled)',
        'Photo.copy move',
        'Photo.getinfo',
        'Photo.list',
        'Sync.list',
      ].sort(),
    );
    expect(report.requests).to.be.above(1000);
  });

  it('keeps the RSS and the live heap, after a full collection, within 20% of the warm-up', () => {
    expect(report.warm.collected && report.end.collected, 'the server ran with --expose-gc').to.equal(true);
    // The writes really grew the index in between: memory held per row would show.
    expect(report.end.rows.items ?? 0).to.be.above(report.warm.rows.items ?? 0);
    expect(report.rssGrowth, JSON.stringify({ warm: report.warm, end: report.end })).to.be.at.most(MEMORY_LIMIT);
    expect(report.heapGrowth, JSON.stringify({ warm: report.warm, end: report.end })).to.be.at.most(MEMORY_LIMIT);
  });
});
