import { describe, expect, it } from 'vitest';
import { toVisibleHtml } from './visible-html.js';

describe('toVisibleHtml', () => {
  it('keeps class and id only', () => {
    const html = toVisibleHtml(
      '<div class="body" id="c" style="color:red" data-x="1"><a href="http://evil.test/">Tram</a></div>',
    );
    expect(html).toBe('<div class="body" id="c"><a>Tram</a></div>');
  });

  it('drops hidden elements and comments', () => {
    const html = toVisibleHtml(
      '<style>.x{display:none}</style><p>kept</p><!-- C --><p class="x">X</p><p hidden>H</p>' +
        '<p style="opacity:0">O</p><script>S</script><br><img src="a.png">',
    );
    expect(html).toBe('<p>kept</p><br>');
  });

  it('escapes decoded text', () => {
    expect(toVisibleHtml('<p>a &lt;b&gt; &amp; c&#8203;</p>')).toBe('<p>a &lt;b&gt; &amp; c</p>');
  });
});
