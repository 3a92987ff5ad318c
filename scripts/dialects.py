#!/usr/bin/env python3
"""Derives the Gutenberg and CommonMark dialects of the corpus excerpt fixtures
from their WordPress classic-editor versions (tests/fixtures/amur-*.html), so
that every corpus text is tested in three markup dialects.

These are our own regular fixtures, so simple text substitution is enough here;
ibid itself never reads markup with regular expressions.
Run: python3 scripts/dialects.py   (rewrites tests/fixtures/*.{gutenberg,commonmark}.html)
"""
import glob
import os
import re

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'fixtures')

CAPTION = re.compile(
    r'<div id="attachment_\d+" class="wp-caption[^"]*"[^>]*><img ([^>]*)><p class="wp-caption-text">(.*?)</p></div>', re.S)


def alt_of(img_attrs):
    m = re.search(r'alt="([^"]*)"', img_attrs)
    return m.group(1) if m else ''


def gutenberg(html):
    html = html.replace('<div class="entry-content">', '<div class="entry-content wp-block-post-content">')
    html = re.sub(r'<blockquote>', '<blockquote class="wp-block-quote">', html)
    html = html.replace('<p style="text-align:right;">', '<p class="has-text-align-right">')
    html = CAPTION.sub(lambda m: '<figure class="wp-block-image size-large"><img src="data:," alt="%s"/>'
                       '<figcaption class="wp-element-caption">%s</figcaption></figure>' % (alt_of(m.group(1)), m.group(2)), html)
    return html


def commonmark(html):
    head, sep, rest = html.partition('<body')
    rest = rest[rest.index('>') + 1:]
    title = re.search(r'<h1 class="entry-title">(.*?)</h1>', rest, re.S).group(1)
    body = rest[rest.index('<div class="entry-content">') + len('<div class="entry-content">'):]
    body = body[:body.rindex('</article>')]
    body = body[:body.rindex('</div>')]
    body = CAPTION.sub(lambda m: '<figure>\n<img src="data:," alt="%s" />\n<figcaption>%s</figcaption>\n</figure>'
                       % (alt_of(m.group(1)), m.group(2)), body)
    body = re.sub(r'<p style="[^"]*">', '<p>', body)
    body = body.replace('<blockquote><p>', '<blockquote>\n<p>').replace('</p></blockquote>', '</p>\n</blockquote>')
    body = body.replace('</p><p>', '</p>\n<p>')
    return head + '<body>\n<main>\n<article>\n<h1>' + title + '</h1>\n' + body.strip() + '\n</article>\n</main>\n</body>\n</html>\n'


def main():
    for path in sorted(glob.glob(os.path.join(HERE, 'amur-*.html'))):
        if path.endswith(('.gutenberg.html', '.commonmark.html')):
            continue
        base = path[:-len('.html')]
        html = open(path, encoding='utf-8').read()
        for name, make in (('gutenberg', gutenberg), ('commonmark', commonmark)):
            with open('%s.%s.html' % (base, name), 'w', encoding='utf-8') as out:
                out.write(make(html))


if __name__ == '__main__':
    main()
