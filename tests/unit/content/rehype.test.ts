// The site's Markdown steps: task headings get their task-N anchor; $USER in commands is marked
// for the trainee's name, while inline code naming the variable itself stays as written.
import { describe, expect, it } from 'vitest';
import { createMarkdownProcessor } from '@astrojs/markdown-remark';
import { rehypeKvlab } from '../../../site/lib/content/rehype-kvlab.ts';

describe('rehypeKvlab', () => {
  it('anchors task headings and marks $USER', async () => {
    const p = await createMarkdownProcessor({ rehypePlugins: [rehypeKvlab] });
    const { code, metadata } = await p.render(
      '## <span class="kvlab-task-label" data-task-id="3">Task 8.3:</span> Title\n\nplace of `$USER`, `-n ${USER}`\n\n```bash\nkubectl get vmi --namespace=$USER\n```\n',
    );
    expect(code).toContain('<h2 id="task-3" class="kvlab-task-heading">');
    expect(metadata.headings[0]).toMatchObject({ depth: 2, slug: 'task-3', text: 'Task 8.3: Title' });
    expect(code).toContain('place of <code>$USER</code>');
    expect(code).toContain('<code>-n <span class="kvlab-var" data-kvlab-var="USER">${USER}</span></code>');
    expect(code.match(/data-kvlab-var="USER">\$USER</g)).toHaveLength(1);
  });
});
