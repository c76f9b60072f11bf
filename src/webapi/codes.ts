export * from '../codes.ts';
