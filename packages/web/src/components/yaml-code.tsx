import { Code } from '@mantine/core';

const LINE = /^(\s*)(- )?([^:#'"][^:#]*?:(?=\s|$))?(.*)$/;

/**
 * YAML with keys, values and comments set apart. A line-level reading is enough to help the eye
 * and never executes or injects anything: every piece is a text node.
 */
export function YamlCode({ text }: { text: string }) {
  return (
    <Code block tabIndex={0} className="portico-yaml">
      {text.split('\n').map((line, i) => {
        const comment = line.trimStart().startsWith('#');
        const match = comment ? null : LINE.exec(line);
        return (
          <span key={i}>
            {comment ? <span className="yaml-comment">{line}</span> : match ? (
              <>
                {match[1]}
                {match[2] && <span className="yaml-dash">{match[2]}</span>}
                {match[3] && <span className="yaml-key">{match[3]}</span>}
                <span className="yaml-value">{match[4]}</span>
              </>
            ) : line}
            {'\n'}
          </span>
        );
      })}
    </Code>
  );
}
