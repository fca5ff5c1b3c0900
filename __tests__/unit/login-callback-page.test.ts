import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/login/callback-page.ts';

describe('callback page text', () => {
  it('escapes markup and quotes', () => {
    expect(escapeHtml(`<script>alert("x")</script>&'\``)).toBe(
      '&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;&#38;&#39;&#96;',
    );
  });
});
