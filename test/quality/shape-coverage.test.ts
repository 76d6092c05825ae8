import { apiModel, TypeRef } from './api-model';
import '../../src';
import { Shape, structShapes } from '../../src/core/input-shape';

// Every props interface the public API takes has a runtime Shape with the same props,
// each of a kind that matches its declared type. A prop added to an interface without a
// Shape fails here, so no value reaches the library unchecked.

// cdk8s and cdk8s-plus classes, and how their Shapes are built.
const EXTERNAL_CLASSES: Readonly<Record<string, Shape['kind']>> = {
  Duration: 'duration',
  Size: 'size',
  Cpu: 'custom',
  Cron: 'instance',
  EnvValue: 'instance',
};

/** Why `shape` does not check values of `type`, or undefined when it does. */
function mismatch(type: TypeRef, shape: Shape): string | undefined {
  switch (type.kind) {
    case 'string':
      // Kubernetes' own structs type closed sets (toleration operators) as strings.
      return shape.kind === 'text' || shape.kind === 'enum' ? undefined : `a string checked as ${shape.kind}`;
    case 'number':
    case 'boolean':
      return shape.kind === type.kind ? undefined : `a ${type.kind} checked as ${shape.kind}`;
    case 'array':
      return shape.kind !== 'list' ? `a list checked as ${shape.kind}` : mismatch(type.item, shape.item!);
    case 'map':
      return shape.kind !== 'map' ? `a map checked as ${shape.kind}` : mismatch(type.value, shape.item!);
    case 'struct':
      return shape.kind === 'struct' && shape.typeName === type.name ? undefined : `struct ${type.name} checked as ${shape.kind} ${shape.typeName ?? ''}`;
    case 'enum': {
      if (shape.kind !== 'enum') return `enum ${type.name} checked as ${shape.kind}`;
      const accepted: string[] = [];
      shape.check('\u0000', '', []);
      for (const v of type.values) {
        const found: never[] = [];
        shape.check(v, '', found);
        if (found.length === 0) accepted.push(v);
      }
      return accepted.length === type.values.length ? undefined : `enum ${type.name} whose Shape refuses some of its values`;
    }
    case 'class': {
      const expected = type.library ? 'instance' : EXTERNAL_CLASSES[type.name];
      if (expected === undefined) return `class ${type.name} has no known Shape kind`;
      if (shape.kind !== expected) return `class ${type.name} checked as ${shape.kind}`;
      return shape.kind === 'instance' && shape.typeName !== type.name ? `class ${type.name} checked as instance of ${shape.typeName}` : undefined;
    }
    case 'interface':
      return shape.kind === 'custom' && shape.typeName === type.name ? undefined : `interface ${type.name} checked as ${shape.kind} ${shape.typeName ?? ''}`;
    default:
      return `a type the model cannot read (${type.kind})`;
  }
}

const model = apiModel();
const shapes = structShapes();

test('the model found the public API', () => {
  expect(model.entryPoints.length).toBeGreaterThan(40);
  expect(model.structs.size).toBeGreaterThan(25);
});

test.each([...model.structs.values()].map(s => [s.name, s] as const))('%s has a Shape with every prop, each of its declared kind', (name, struct) => {
  const shape = shapes.get(name);
  expect(shape).toBeDefined();
  const fields = shape!.fields!;
  expect(Object.keys(fields).sort()).toEqual(struct.props.map(p => p.name).sort());
  const problems: string[] = [];
  for (const prop of struct.props) {
    const field = fields[prop.name];
    if (field.required === prop.optional) problems.push(`${prop.name}: ${prop.optional ? 'optional but required by the Shape' : 'required but optional in the Shape'}`);
    const why = mismatch(prop.type, field.shape);
    if (why !== undefined) problems.push(`${prop.name}: ${why}`);
  }
  expect(problems).toEqual([]);
});
