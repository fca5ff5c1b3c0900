import { describe, expect, it } from 'vitest';
import { describePorts, parsePortList } from '../../src/login/port-list.ts';

describe('--port lists', () => {
  it('reads ranges and lists, in order, without repeats', () => {
    expect(parsePortList('8765-8769')).toEqual([8765, 8766, 8767, 8768, 8769]);
    expect(parsePortList('8765,8766')).toEqual([8765, 8766]);
    expect(parsePortList(' 9000, 8765-8766 ,9000')).toEqual([9000, 8765, 8766]);
  });

  it.each(['', '80-70', '0', '70000', 'abc', '1-200', '8765;8766'])('refuses %j as a usage error', (text) => {
    expect(() => parsePortList(text)).toThrow(expect.objectContaining({ kind: 'usage' }));
  });

  it('names ports readably', () => {
    expect(describePorts([8765, 8766, 8767])).toBe('8765, 8766 and 8767');
    expect(describePorts([1, 2, 3, 4, 5, 6, 7, 8])).toBe('1, 2, 3, 4, 5 … 8 (8 ports)');
  });
});
