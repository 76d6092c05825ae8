/* eslint-disable no-bitwise */ // the compiler's type and symbol flags are bit sets
import * as path from 'path';
import * as ts from 'typescript';

// The public API as the TypeScript declarations state it: every entry point (a
// constructor, a static factory, a public method) of every class src/index.ts exports,
// and the type of each of its parameters, walked down to strings, numbers, booleans,
// enums, classes and library interfaces. The fuzz test walks it, so a new prop, option
// or method is fuzzed without anyone listing it; the Shape coverage test compares the
// runtime Shapes with it.

/** A parameter's or a prop's type. */
export type TypeRef =
  | { readonly kind: 'string' | 'number' | 'boolean' | 'unknown' }
  | { readonly kind: 'array'; readonly item: TypeRef }
  | { readonly kind: 'map'; readonly value: TypeRef }
  | { readonly kind: 'struct'; readonly name: string; readonly props: readonly Member[] }
  | { readonly kind: 'class'; readonly name: string; readonly library: boolean }
  | { readonly kind: 'interface'; readonly name: string }
  | { readonly kind: 'enum'; readonly name: string; readonly values: readonly string[] };

/** A prop of a struct, or a parameter. */
export interface Member {
  readonly name: string;
  readonly type: TypeRef;
  readonly optional: boolean;
  /** A rest parameter (`...acls`): the call's remaining arguments, as a list. */
  readonly rest?: boolean;
}

/** A constructor, static factory or method, and its parameters (without the construct scope). */
export interface EntryPoint {
  /** `KafkaCluster` (constructor), `Listener.internal` (static), `KafkaCluster#addNodePool` (method). */
  readonly name: string;
  readonly className: string;
  readonly params: readonly Member[];
}

/** The model: entry points, and every struct reachable from them by name. */
export interface ApiModel {
  readonly entryPoints: readonly EntryPoint[];
  readonly structs: ReadonlyMap<string, Extract<TypeRef, { kind: 'struct' }>>;
}

const ROOT = path.join(__dirname, '..', '..');
const SRC = path.join(ROOT, 'src');

let cached: ApiModel | undefined;

/** Reads the model from src/index.ts (once per test file: building the program takes a few seconds). */
export function apiModel(): ApiModel {
  if (cached) return cached;
  const configPath = path.join(ROOT, 'tsconfig.dev.json');
  const config = ts.sys.fileExists(configPath)
    ? ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, ROOT).options
    : { strict: true, target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS, esModuleInterop: true };
  const program = ts.createProgram([path.join(SRC, 'index.ts')], { ...config, noEmit: true });
  const checker = program.getTypeChecker();
  const index = program.getSourceFile(path.join(SRC, 'index.ts'))!;
  const moduleSymbol = checker.getSymbolAtLocation(index)!;
  const structs = new Map<string, Extract<TypeRef, { kind: 'struct' }>>();
  const entryPoints: EntryPoint[] = [];

  const isOurs = (decl: ts.Node | undefined) => decl !== undefined && path.resolve(decl.getSourceFile().fileName).startsWith(SRC);

  /** The enum a member's literal type belongs to. */
  function enumName(type: ts.Type): string {
    const member = type.symbol?.valueDeclaration;
    return member && ts.isEnumMember(member) ? member.parent.name.text : type.symbol?.name ?? 'enum';
  }

  function describe(type: ts.Type, depth: number): TypeRef {
    if (type.isUnion()) {
      const parts = type.types.filter(t => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
      if (parts.every(t => t.flags & ts.TypeFlags.BooleanLiteral)) return { kind: 'boolean' };
      if (parts.length === 1) return describe(parts[0], depth);
      if (parts.every(t => t.flags & ts.TypeFlags.EnumLiteral)) {
        return { kind: 'enum', name: enumName(parts[0]), values: parts.map(t => String((t as ts.LiteralType).value)) };
      }
      return { kind: 'unknown' };
    }
    if (type.flags & ts.TypeFlags.EnumLiteral) {
      return { kind: 'enum', name: enumName(type), values: [String((type as ts.LiteralType).value)] };
    }
    if (type.flags & ts.TypeFlags.StringLike) return { kind: 'string' };
    if (type.flags & ts.TypeFlags.NumberLike) return { kind: 'number' };
    if (type.flags & ts.TypeFlags.BooleanLike) return { kind: 'boolean' };
    if (checker.isArrayType(type)) return { kind: 'array', item: describe(checker.getTypeArguments(type as ts.TypeReference)[0], depth) };
    const symbol = type.getSymbol() ?? type.aliasSymbol;
    const stringIndex = type.getStringIndexType();
    if (stringIndex && checker.getPropertiesOfType(type).length === 0) return { kind: 'map', value: describe(stringIndex, depth) };
    if (!symbol) return { kind: 'unknown' };
    const decl = symbol.declarations?.[0];
    if (symbol.flags & ts.SymbolFlags.Class) return { kind: 'class', name: symbol.name, library: isOurs(decl) };
    if (symbol.flags & ts.SymbolFlags.Interface || symbol.flags & ts.SymbolFlags.TypeLiteral) {
      const props = checker.getPropertiesOfType(type);
      const behavioural = props.some(p => p.flags & ts.SymbolFlags.Method);
      // constructs' IConstruct is a reference to a construct, not a struct of values.
      if (behavioural || (symbol.name === 'IConstruct' && !isOurs(decl))) return { kind: 'interface', name: symbol.name };
      const existing = structs.get(symbol.name);
      if (existing) return existing;
      if (depth > 6) return { kind: 'unknown' };
      const members: Member[] = [];
      const struct = { kind: 'struct' as const, name: symbol.name, props: members };
      structs.set(symbol.name, struct);
      for (const p of props) {
        const pDecl = p.valueDeclaration ?? p.declarations?.[0];
        const pType = checker.getTypeOfSymbolAtLocation(p, pDecl ?? index);
        members.push({ name: p.name, type: describe(pType, depth + 1), optional: (p.flags & ts.SymbolFlags.Optional) !== 0 });
      }
      return struct;
    }
    return { kind: 'unknown' };
  }

  function params(signature: ts.Signature, skipScope: boolean): Member[] {
    const all = signature.getParameters().map(p => {
      const decl = p.valueDeclaration as ts.ParameterDeclaration | undefined;
      const type = checker.getTypeOfSymbolAtLocation(p, decl ?? index);
      const rest = decl?.dotDotDotToken !== undefined;
      const optional = decl !== undefined && (decl.questionToken !== undefined || decl.initializer !== undefined);
      return { name: p.name, type: describe(type, 0), optional: optional || rest, rest };
    });
    return skipScope && all[0]?.name === 'scope' ? all.slice(1) : all;
  }

  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (!(symbol.flags & ts.SymbolFlags.Class)) continue;
    const decl = symbol.declarations!.find(ts.isClassDeclaration)!;
    const className = symbol.name;
    const classType = checker.getTypeOfSymbolAtLocation(symbol, decl);
    for (const sig of classType.getConstructSignatures()) {
      const ctor = decl.members.find(ts.isConstructorDeclaration);
      const isPrivate = ctor?.modifiers?.some(m => m.kind === ts.SyntaxKind.PrivateKeyword);
      if (!isPrivate && sig.getDeclaration() !== undefined) entryPoints.push({ name: className, className, params: params(sig, true) });
    }
    for (const member of decl.members) {
      if (!ts.isMethodDeclaration(member) || !member.name || !ts.isIdentifier(member.name)) continue;
      const name = member.name.text;
      const mods = ts.getCombinedModifierFlags(member);
      if (name.startsWith('_') || mods & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
      const isStatic = (mods & ts.ModifierFlags.Static) !== 0;
      const sig = checker.getSignatureFromDeclaration(member)!;
      entryPoints.push({ name: isStatic ? `${className}.${name}` : `${className}#${name}`, className, params: params(sig, isStatic) });
    }
  }
  entryPoints.sort((a, b) => (a.name < b.name ? -1 : 1));
  cached = { entryPoints, structs };
  return cached;
}
