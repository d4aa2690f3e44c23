import { describe, expect, it } from 'vitest';
import { formatDuration, InvalidDurationError, parseDuration } from './duration.ts';

describe('parseDuration', () => {
  it.each([
    ['2s', 2000],
    ['500ms', 500],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
    ['2.5s', 2500],
    ['3', 3000],
    [' 2m ', 120_000],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text, '--timeout')).toBe(ms));

  it.each(['a while', '-5s', '5 s', '5x', 's', '1m-2s', ''])('refuses %j naming the flag and the value', (text) => {
    expect(() => parseDuration(text, '--toggle-wait')).toThrow(InvalidDurationError);
    expect(() => parseDuration(text, '--toggle-wait')).toThrow(`--toggle-wait "${text}"`);
  });

  it('refuses zero unless zero means something', () => {
    expect(() => parseDuration('0s', '--timeout')).toThrow('is zero');
    expect(parseDuration('0', '--request-timeout', { allowZero: true })).toBe(0);
  });
});

describe('formatDuration', () => {
  it.each([
    [2000, '2s'],
    [500, '500ms'],
    [90_000, '1m30s'],
    [120_000, '2m'],
    [3_600_000, '1h'],
    [2500, '2.5s'],
  ])('%d ms is %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});
