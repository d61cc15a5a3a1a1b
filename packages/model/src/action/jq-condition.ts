import type { InputConditionOperator, InputRule, InputRuleGroup, InputVisibility } from './input-conditions.ts';

/**
 * Port writes a field's `visible` (and a dataset's values) in jq over the form: `.form.language ==
 * "python" and .form.region != null`. Portico evaluates conditions as data, in the browser and on
 * the server alike, so the jq that compares form fields is translated — comparisons, `== null`,
 * `and`/`or`/`not`, parentheses, `(.form.x | length) > 0` — and anything else is named, not guessed.
 */
type Token = { kind: 'path' | 'literal' | 'op' | 'word' | 'punct'; text: string; value?: unknown };
type Cond = InputRule | InputRuleGroup | boolean;

const TOKEN = /\s*(?:(\.[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)|("(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?)|(==|!=|<=|>=|<|>)|([A-Za-z_]+)|([()|]))/y;

function tokenize(expression: string): Token[] | null {
  const tokens: Token[] = [];
  let position = 0;
  while (!/^\s*$/.test(expression.slice(position))) {
    TOKEN.lastIndex = position;
    const match = TOKEN.exec(expression);
    if (!match) return null;
    position = TOKEN.lastIndex;
    const [, path, string, number, op, word, punct] = match;
    if (path) tokens.push({ kind: 'path', text: path });
    else if (string) tokens.push({ kind: 'literal', text: string, value: JSON.parse(string) as unknown });
    else if (number) tokens.push({ kind: 'literal', text: number, value: Number(number) });
    else if (op) tokens.push({ kind: 'op', text: op });
    else if (word === 'true' || word === 'false' || word === 'null') tokens.push({ kind: 'literal', text: word, value: JSON.parse(word) as unknown });
    else if (word) tokens.push({ kind: 'word', text: word });
    else if (punct) tokens.push({ kind: 'punct', text: punct });
  }
  return tokens;
}

/** `.form.name` (or `.form.name.identifier`, an entity picker's value) → the input's name. */
function inputOf(path: string): string | null {
  const match = /^\.form\.([A-Za-z_$][\w$]*)(\.identifier)?$/.exec(path);
  return match?.[1] ?? null;
}

const OPERATORS: Record<string, InputConditionOperator> = { '==': '=', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const FLIPPED: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };
const NEGATED: Partial<Record<InputConditionOperator, InputConditionOperator>> = {
  '=': '!=', '!=': '=', '<': '>=', '>=': '<', '>': '<=', '<=': '>', in: 'notIn', notIn: 'in', isEmpty: 'isNotEmpty', isNotEmpty: 'isEmpty',
};

class Unsupported extends Error {}

function negate(cond: Cond): Cond {
  if (typeof cond === 'boolean') return !cond;
  if ('combinator' in cond) return { combinator: cond.combinator === 'and' ? 'or' : 'and', rules: cond.rules.map((r) => negate(r) as InputRule | InputRuleGroup) };
  const operator = NEGATED[cond.operator];
  if (!operator) throw new Unsupported(`"not" of ${cond.operator}`);
  return { ...cond, operator };
}

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Cond {
    const cond = this.or();
    if (this.at < this.tokens.length) throw new Unsupported(`"${this.tokens[this.at]?.text}"`);
    return cond;
  }

  private peek(offset = 0) { return this.tokens[this.at + offset]; }
  private take(text: string) { if (this.peek()?.text === text) { this.at++; return true; } return false; }

  private or(): Cond {
    const parts = [this.and()];
    while (this.take('or')) parts.push(this.and());
    return parts.length === 1 ? parts[0] as Cond : group('or', parts);
  }

  private and(): Cond {
    const parts = [this.pipe()];
    while (this.take('and')) parts.push(this.pipe());
    return parts.length === 1 ? parts[0] as Cond : group('and', parts);
  }

  private pipe(): Cond {
    let cond = this.atom();
    while (this.peek()?.text === '|' && this.peek(1)?.text === 'not') {
      this.at += 2;
      cond = negate(cond);
    }
    return cond;
  }

  private atom(): Cond {
    // (.form.x | length) <op> n
    if (this.peek()?.text === '(' && this.peek(1)?.kind === 'path' && this.peek(2)?.text === '|' && this.peek(3)?.text === 'length' && this.peek(4)?.text === ')') {
      const input = this.input(this.peek(1) as Token);
      this.at += 5;
      const op = this.peek();
      const number = this.peek(1);
      if (op?.kind !== 'op' || typeof number?.value !== 'number') throw new Unsupported('a length that is not compared with a number');
      this.at += 2;
      const nonEmpty = (op.text === '>' && number.value === 0) || (op.text === '>=' && number.value === 1) || (op.text === '!=' && number.value === 0);
      const empty = (op.text === '==' && number.value === 0) || (op.text === '<' && number.value === 1);
      if (!nonEmpty && !empty) throw new Unsupported('lengths other than empty / not empty');
      return { input, operator: nonEmpty ? 'isNotEmpty' : 'isEmpty' };
    }
    if (this.take('(')) {
      const inner = this.or();
      if (!this.take(')')) throw new Unsupported('an unclosed "("');
      return inner;
    }
    if (this.take('not')) throw new Unsupported('"not" before its operand (jq writes "x | not")');
    const left = this.peek();
    if (!left) throw new Unsupported('an incomplete expression');
    this.at++;
    const op = this.peek();
    if (op?.kind === 'op') {
      this.at++;
      const right = this.peek();
      if (!right) throw new Unsupported('an incomplete comparison');
      this.at++;
      if (left.kind === 'path' && right.kind === 'literal') return this.compare(left, op.text, right.value);
      if (left.kind === 'literal' && right.kind === 'path') return this.compare(right, FLIPPED[op.text] as string, left.value);
      if (left.kind === 'literal' && right.kind === 'literal') return JSON.stringify(left.value) === JSON.stringify(right.value) ? op.text === '==' : op.text === '!=';
      throw new Unsupported('a comparison of two fields');
    }
    if (left.kind === 'literal' && typeof left.value === 'boolean') return left.value;
    if (left.kind === 'path') return { input: this.input(left), operator: 'isNotEmpty' };
    throw new Unsupported(`"${left.text}"`);
  }

  private compare(path: Token, op: string, value: unknown): InputRule {
    const input = this.input(path);
    if (value === null && (op === '==' || op === '!=')) return { input, operator: op === '==' ? 'isEmpty' : 'isNotEmpty' };
    return { input, operator: OPERATORS[op] as InputConditionOperator, value };
  }

  private input(token: Token): string {
    const name = inputOf(token.text);
    if (!name) throw new Unsupported(`"${token.text}" (only .form.<input> is read)`);
    return name;
  }
}

function group(combinator: 'and' | 'or', parts: Cond[]): Cond {
  if (parts.some((p) => typeof p === 'boolean')) {
    const kept = parts.filter((p) => typeof p !== 'boolean');
    const constants = parts.filter((p): p is boolean => typeof p === 'boolean');
    if (combinator === 'and' && constants.includes(false)) return false;
    if (combinator === 'or' && constants.includes(true)) return true;
    if (kept.length === 0) return combinator === 'and';
    return kept.length === 1 ? kept[0] as Cond : group(combinator, kept);
  }
  return { combinator, rules: parts as (InputRule | InputRuleGroup)[] };
}

/**
 * Port's jq `visible` expression as a Portico condition.
 * @returns the condition, or `{ error }` naming the part that is outside the translatable subset.
 */
export function translateJqCondition(expression: string): { condition: InputVisibility } | { error: string } {
  const tokens = tokenize(expression);
  if (!tokens || tokens.length === 0) return { error: 'it is not a jq expression Portico reads' };
  try {
    const cond = new Parser(tokens).parse();
    if (typeof cond === 'boolean') return { condition: cond };
    return { condition: 'combinator' in cond ? cond : { combinator: 'and', rules: [cond] } };
  } catch (error) {
    if (error instanceof Unsupported) return { error: `${error.message} is outside the jq Portico translates (comparisons of .form fields with and/or/not)` };
    throw error;
  }
}

/**
 * Port's dataset value `{ jqQuery }` as Portico's reference: `.form.x` → `{ input: "x" }`,
 * `.user.teams` / `.user.teams[0]` / `.user.email` → `{ me: "teams" | "team" | "email" }`; null for anything else.
 */
export function translateJqValueReference(expression: string): { input: string } | { me: 'teams' | 'team' | 'email' } | null {
  const trimmed = expression.trim();
  const name = inputOf(trimmed);
  if (name) return { input: name };
  if (trimmed === '.user.teams' || trimmed === '[.user.teams[].name]' || trimmed === '.user.teams | map(.name)') return { me: 'teams' };
  if (trimmed === '.user.teams[0]' || trimmed === '.user.teams[0].name') return { me: 'team' };
  if (trimmed === '.user.email') return { me: 'email' };
  return null;
}
