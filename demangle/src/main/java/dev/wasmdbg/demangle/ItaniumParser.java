package dev.wasmdbg.demangle;

import dev.wasmdbg.demangle.NameNodes.AbiTagAttr;
import dev.wasmdbg.demangle.NameNodes.ClosureTypeName;
import dev.wasmdbg.demangle.NameNodes.ConversionOperatorType;
import dev.wasmdbg.demangle.NameNodes.CtorDtorName;
import dev.wasmdbg.demangle.NameNodes.CtorVtableSpecialName;
import dev.wasmdbg.demangle.NameNodes.DotSuffix;
import dev.wasmdbg.demangle.NameNodes.EnableIfAttr;
import dev.wasmdbg.demangle.NameNodes.FunctionEncoding;
import dev.wasmdbg.demangle.NameNodes.LiteralOperator;
import dev.wasmdbg.demangle.NameNodes.LocalName;
import dev.wasmdbg.demangle.NameNodes.ModuleEntity;
import dev.wasmdbg.demangle.NameNodes.ModuleName;
import dev.wasmdbg.demangle.NameNodes.NameWithTemplateArgs;
import dev.wasmdbg.demangle.NameNodes.ParamKind;
import dev.wasmdbg.demangle.NameNodes.QualifiedName;
import dev.wasmdbg.demangle.NameNodes.SpecialName;
import dev.wasmdbg.demangle.NameNodes.StructuredBindingName;
import dev.wasmdbg.demangle.NameNodes.TemplateArgs;
import dev.wasmdbg.demangle.NameNodes.TemplateParamQualifiedArg;
import dev.wasmdbg.demangle.NameNodes.UnnamedTypeName;
import dev.wasmdbg.demangle.Node.RefQual;
import dev.wasmdbg.demangle.TypeNodes.ForwardTemplateReference;
import dev.wasmdbg.demangle.TypeNodes.NameType;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses an Itanium C++ ABI mangled name into a {@link Node} tree, following LLVM's
 * ItaniumDemangle production by production (including its extensions and its quirks), so that the
 * printed tree is what llvm-cxxfilt prints. This class holds the cursor and the tables
 * (substitutions, template parameters) and parses encodings, names and template arguments;
 * {@link TypeParser} and {@link ExpressionParser} parse types and expressions on the same state.
 * Every method returns null when the input does not parse; the whole name then stays mangled.
 */
final class ItaniumParser {
    /**
     * Nesting limit (types, names, expressions, template args). LLVM has none, but the Java stack
     * is finite; the deepest of the ~15,000 real names we compared needs 32, so 256 leaves room
     * and keeps the recursion well within a 512 KB thread stack.
     */
    private static final int MAX_DEPTH = 256;

    final String in;
    int pos;
    private int depth;

    /** Substitution candidates, referenced as S_, S0_, ... */
    final List<Node> subs = new ArrayList<>();
    /** Template arguments of the outermost encoding: what T_, T0_ refer to. */
    List<Node> outerTemplateParams = new ArrayList<>();
    /** Template parameter lists by level (TL1_2_ refers to level 1); lambdas add inner levels. */
    List<List<Node>> templateParams = new ArrayList<>();
    /** Template parameters met in a conversion operator's type before their arguments. */
    final List<ForwardTemplateReference> forwardRefs = new ArrayList<>();

    boolean tryToParseTemplateArgs = true;
    boolean permitForwardTemplateReferences;
    boolean incompleteTemplateParamTracking;
    private long parsingLambdaParamsAtLevel = -1;
    private final int[] syntheticParamCounts = new int[3];

    final ExpressionParser expr = new ExpressionParser(this);
    final TypeParser types = new TypeParser(this);

    /** What the caller of parseName needs to know to parse the rest of an encoding. */
    static final class NameState {
        boolean ctorDtorConversion;
        boolean endsWithTemplateArgs;
        int quals;
        RefQual refQual = RefQual.NONE;
        final int forwardRefsBegin;
        boolean explicitObjectParameter;

        NameState(int forwardRefsBegin) {
            this.forwardRefsBegin = forwardRefsBegin;
        }
    }

    ItaniumParser(String in) {
        this.in = in;
    }

    // ---- cursor ----

    char look() {
        return pos < in.length() ? in.charAt(pos) : '\0';
    }

    char look(int ahead) {
        return pos + ahead < in.length() ? in.charAt(pos + ahead) : '\0';
    }

    int numLeft() {
        return in.length() - pos;
    }

    boolean consumeIf(char c) {
        if (pos < in.length() && in.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    boolean consumeIf(String s) {
        if (in.startsWith(s, pos)) {
            pos += s.length();
            return true;
        }
        return false;
    }

    void skip(int n) {
        pos = Math.min(in.length(), pos + n);
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    void enter() {
        if (++depth > MAX_DEPTH) {
            throw TooComplex.INSTANCE;
        }
    }

    void leave() {
        depth--;
    }

    /** {@code [n] <digits>}, as text; empty if there are no digits (a consumed 'n' stays consumed). */
    String parseNumber(boolean allowNegative) {
        int start = pos;
        if (allowNegative) {
            consumeIf('n');
        }
        if (!isDigit(look())) {
            return "";
        }
        while (isDigit(look())) {
            pos++;
        }
        return in.substring(start, pos);
    }

    private boolean hasDigit() {
        return isDigit(look());
    }

    /** Decimal digits as an unsigned 64-bit value that wraps as C's size_t does; check hasDigit() first. */
    long parsePositiveInteger() {
        long value = 0;
        while (isDigit(look())) {
            value = value * 10 + (in.charAt(pos++) - '0');
        }
        return value;
    }

    /** {@code <length> <identifier>} without making a node; null if it does not fit. */
    String parseBareSourceName() {
        if (!hasDigit()) {
            return null;
        }
        long length = parsePositiveInteger();
        if (Long.compareUnsigned(numLeft(), length) < 0) {
            return null;
        }
        String s = in.substring(pos, pos + (int) length);
        pos += (int) length;
        return s;
    }

    int parseCVQualifiers() {
        int quals = 0;
        if (consumeIf('r')) {
            quals |= Node.QUAL_RESTRICT;
        }
        if (consumeIf('V')) {
            quals |= Node.QUAL_VOLATILE;
        }
        if (consumeIf('K')) {
            quals |= Node.QUAL_CONST;
        }
        return quals;
    }

    // ---- entry point ----

    /** {@code _Z <encoding> [.suffix]}, or Apple's block invocations {@code ___Z <encoding> _block_invoke[_N]}. */
    Node parse() {
        if (consumeIf("_Z") || consumeIf("__Z")) {
            Node encoding = parseEncoding();
            if (encoding == null) {
                return null;
            }
            if (look() == '.') {
                encoding = new DotSuffix(encoding, in.substring(pos));
                pos = in.length();
            }
            return numLeft() == 0 ? encoding : null;
        }
        if (consumeIf("___Z") || consumeIf("____Z")) {
            Node encoding = parseEncoding();
            if (encoding == null || !consumeIf("_block_invoke")) {
                return null;
            }
            boolean requireNumber = consumeIf('_');
            if (parseNumber(false).isEmpty() && requireNumber) {
                return null;
            }
            if (look() == '.') {
                pos = in.length();
            }
            return numLeft() == 0 ? new SpecialName("invocation function for block in ", encoding) : null;
        }
        Node type = parseType();
        return numLeft() == 0 ? type : null;
    }

    // ---- encodings ----

    /** The template parameters of an encoding are unrelated to those of the enclosing context. */
    private record SavedParams(List<List<Node>> params, List<Node> outer) {}

    SavedParams saveTemplateParams() {
        SavedParams saved = new SavedParams(templateParams, outerTemplateParams);
        templateParams = new ArrayList<>();
        outerTemplateParams = new ArrayList<>();
        return saved;
    }

    void restoreTemplateParams(SavedParams saved) {
        templateParams = saved.params;
        outerTemplateParams = saved.outer;
    }

    /** {@code <function name> <bare-function-type> [Q <requires>] | <data name> | <special-name>}. */
    Node parseEncoding() {
        enter();
        SavedParams saved = saveTemplateParams();
        Node result = parseEncodingInner();
        restoreTemplateParams(saved);
        leave();
        return result;
    }

    private boolean isEndOfEncoding() {
        // What can follow an encoding; none of these can start a type.
        return numLeft() == 0 || look() == 'E' || look() == '.' || look() == '_';
    }

    private Node parseEncodingInner() {
        if (look() == 'G' || look() == 'T') {
            return parseSpecialName();
        }
        NameState state = new NameState(forwardRefs.size());
        Node name = parseName(state);
        if (name == null || resolveForwardTemplateRefs(state)) {
            return null;
        }
        if (isEndOfEncoding()) {
            return name;
        }
        Node attrs = null;
        if (consumeIf("Ua9enable_ifI")) {
            List<Node> args = new ArrayList<>();
            while (!consumeIf('E')) {
                Node arg = parseTemplateArg();
                if (arg == null) {
                    return null;
                }
                args.add(arg);
            }
            attrs = new EnableIfAttr(args);
        }
        Node ret = null;
        if (!state.ctorDtorConversion && state.endsWithTemplateArgs) {
            ret = parseType();
            if (ret == null) {
                return null;
            }
        }
        List<Node> params = new ArrayList<>();
        if (!consumeIf('v')) {
            do {
                Node type = parseType();
                if (type == null) {
                    return null;
                }
                if (state.explicitObjectParameter && params.isEmpty()) {
                    type = new TypeNodes.ExplicitObjectParameter(type);
                }
                params.add(type);
            } while (!isEndOfEncoding() && look() != 'Q');
        }
        Node requires = null;
        if (consumeIf('Q')) {
            requires = expr.parseConstraintExpr();
            if (requires == null) {
                return null;
            }
        }
        return new FunctionEncoding(ret, name, params, attrs, requires, state.quals, state.refQual);
    }

    private boolean resolveForwardTemplateRefs(NameState state) {
        for (int i = state.forwardRefsBegin; i < forwardRefs.size(); i++) {
            ForwardTemplateReference ref = forwardRefs.get(i);
            if (templateParams.isEmpty() || templateParams.get(0) == null
                    || Long.compareUnsigned(ref.index, templateParams.get(0).size()) >= 0) {
                return true;
            }
            ref.ref = templateParams.get(0).get((int) ref.index);
        }
        while (forwardRefs.size() > state.forwardRefsBegin) {
            forwardRefs.remove(forwardRefs.size() - 1);
        }
        return false;
    }

    /** {@code h <offset> _} or {@code v <offset> _ <virtual offset> _}; true on failure. */
    private boolean parseCallOffset() {
        if (consumeIf('h')) {
            return parseNumber(true).isEmpty() || !consumeIf('_');
        }
        if (consumeIf('v')) {
            return parseNumber(true).isEmpty() || !consumeIf('_') || parseNumber(true).isEmpty() || !consumeIf('_');
        }
        return true;
    }

    private Node special(String what, Node child) {
        return child == null ? null : new SpecialName(what, child);
    }

    /** Vtables, typeinfo, thunks, guard variables, reference temporaries, module initializers. */
    private Node parseSpecialName() {
        if (look() == 'T') {
            switch (look(1)) {
                case 'A':
                    skip(2);
                    return special("template parameter object for ", parseTemplateArg());
                case 'V':
                    skip(2);
                    return special("vtable for ", parseType());
                case 'T':
                    skip(2);
                    return special("VTT for ", parseType());
                case 'I':
                    skip(2);
                    return special("typeinfo for ", parseType());
                case 'S':
                    skip(2);
                    return special("typeinfo name for ", parseType());
                case 'c':
                    skip(2);
                    if (parseCallOffset() || parseCallOffset()) {
                        return null;
                    }
                    return special("covariant return thunk to ", parseEncoding());
                case 'C': {
                    skip(2);
                    Node first = parseType();
                    if (first == null || parseNumber(true).isEmpty() || !consumeIf('_')) {
                        return null;
                    }
                    Node second = parseType();
                    return second == null ? null : new CtorVtableSpecialName(second, first);
                }
                case 'W':
                    skip(2);
                    return special("thread-local wrapper routine for ", parseName(null));
                case 'H':
                    skip(2);
                    return special("thread-local initialization routine for ", parseName(null));
                default: {
                    skip(1);
                    boolean virtual = look() == 'v';
                    if (parseCallOffset()) {
                        return null;
                    }
                    return special(virtual ? "virtual thunk to " : "non-virtual thunk to ", parseEncoding());
                }
            }
        }
        if (look() == 'G') {
            switch (look(1)) {
                case 'V':
                    skip(2);
                    return special("guard variable for ", parseName(null));
                case 'R': {
                    skip(2);
                    Node name = parseName(null);
                    if (name == null) {
                        return null;
                    }
                    boolean parsedSeqId = isSeqIdDigit(look());
                    parseSeqId();
                    if (!consumeIf('_') && parsedSeqId) {
                        return null;
                    }
                    return new SpecialName("reference temporary for ", name);
                }
                case 'I': {
                    skip(2);
                    ModuleName module = parseModuleNameOpt(null);
                    if (module == null || module == MODULE_ERROR) {
                        return null;
                    }
                    return new SpecialName("initializer for module ", module);
                }
                default:
                    return null;
            }
        }
        return null;
    }

    // ---- names ----

    /** {@code <nested-name> | <local-name> | <unscoped-name> [<template-args>]}. */
    Node parseName(NameState state) {
        enter();
        Node result = parseNameInner(state);
        leave();
        return result;
    }

    private Node parseNameInner(NameState state) {
        if (look() == 'N') {
            return parseNestedName(state);
        }
        if (look() == 'Z') {
            return parseLocalName(state);
        }
        boolean[] isSubst = {false};
        Node result = parseUnscopedName(state, isSubst);
        if (result == null) {
            return null;
        }
        if (look() == 'I') {
            if (!isSubst[0]) {
                subs.add(result); // an unscoped template name is substitutable
            }
            Node args = parseTemplateArgs(state != null);
            if (args == null) {
                return null;
            }
            if (state != null) {
                state.endsWithTemplateArgs = true;
            }
            return new NameWithTemplateArgs(result, args);
        }
        return isSubst[0] ? null : result; // a bare substitution must be followed by template args
    }

    /** {@code Z <encoding> E <entity> [<discriminator>]}, {@code Z <encoding> E s}, {@code Z <encoding> Ed [n] _ <name>}. */
    private Node parseLocalName(NameState state) {
        if (!consumeIf('Z')) {
            return null;
        }
        Node encoding = parseEncoding();
        if (encoding == null || !consumeIf('E')) {
            return null;
        }
        if (consumeIf('s')) {
            parseDiscriminator();
            return new LocalName(encoding, new NameType("string literal"));
        }
        SavedParams saved = saveTemplateParams();
        try {
            if (consumeIf('d')) {
                parseNumber(true);
                if (!consumeIf('_')) {
                    return null;
                }
                Node name = parseName(state);
                return name == null ? null : new LocalName(encoding, name);
            }
            Node entity = parseName(state);
            if (entity == null) {
                return null;
            }
            parseDiscriminator();
            return new LocalName(encoding, entity);
        } finally {
            restoreTemplateParams(saved);
        }
    }

    /** Skips {@code _ <digit>}, {@code __ <number> _}, or trailing digits at the very end. */
    private void parseDiscriminator() {
        if (pos >= in.length()) {
            return;
        }
        if (in.charAt(pos) == '_') {
            int t = pos + 1;
            if (t < in.length()) {
                if (isDigit(in.charAt(t))) {
                    pos = t + 1;
                } else if (in.charAt(t) == '_') {
                    t++;
                    while (t < in.length() && isDigit(in.charAt(t))) {
                        t++;
                    }
                    if (t < in.length() && in.charAt(t) == '_') {
                        pos = t + 1;
                    }
                }
            }
        } else if (isDigit(in.charAt(pos))) {
            int t = pos + 1;
            while (t < in.length() && isDigit(in.charAt(t))) {
                t++;
            }
            if (t == in.length()) {
                pos = t;
            }
        }
    }

    /** {@code [St] <unqualified-name>} or a substitution (which then needs template args). */
    Node parseUnscopedName(NameState state, boolean[] isSubst) {
        Node std = consumeIf("St") ? new NameType("std") : null;
        Node result = null;
        ModuleName module = null;
        if (look() == 'S') {
            Node s = parseSubstitution();
            if (s == null) {
                return null;
            }
            if (s instanceof ModuleName) {
                module = (ModuleName) s;
            } else if (std == null) {
                result = s;
                isSubst[0] = true;
            } else {
                return null;
            }
        }
        if (result == null || std != null) {
            result = parseUnqualifiedName(state, std, module);
        }
        return result;
    }

    /**
     * {@code [<module>] [F] [L] <operator | ctor-dtor | source-name | unnamed-type | DC bindings E> [<abi-tags>]},
     * qualified by scope when there is one.
     */
    Node parseUnqualifiedName(NameState state, Node scope, ModuleName module) {
        module = parseModuleNameOpt(module);
        if (module == MODULE_ERROR) {
            return null;
        }
        boolean memberLikeFriend = scope != null && consumeIf('F');
        consumeIf('L');
        Node result;
        char c = look();
        if (c >= '1' && c <= '9') {
            result = parseSourceName();
        } else if (c == 'U') {
            result = parseUnnamedTypeName(state);
        } else if (consumeIf("DC")) {
            List<Node> bindings = new ArrayList<>();
            do {
                Node binding = parseSourceName();
                if (binding == null) {
                    return null;
                }
                bindings.add(binding);
            } while (!consumeIf('E'));
            result = new StructuredBindingName(bindings);
        } else if (c == 'C' || c == 'D') {
            if (scope == null || module != null) {
                return null;
            }
            if (scope instanceof TypeNodes.SpecialSubstitution) {
                // A constructor of std::string names the class spelled out.
                scope = new TypeNodes.ExpandedSpecialSubstitution(((TypeNodes.SpecialSubstitution) scope).kind);
            }
            result = parseCtorDtorName(scope, state);
        } else {
            result = parseOperatorName(state);
        }
        if (result != null && module != null) {
            result = new ModuleEntity(module, result);
        }
        if (result != null) {
            result = parseAbiTags(result);
        }
        if (result != null && memberLikeFriend) {
            result = new QualifiedName(scope, result, "::friend ");
        } else if (result != null && scope != null) {
            result = new QualifiedName(scope, result);
        }
        return result;
    }

    private static final ModuleName MODULE_ERROR = new ModuleName(null, null, false);

    /** {@code (W [P] <source-name>)*}; each module prefix is a substitution candidate. */
    ModuleName parseModuleNameOpt(ModuleName module) {
        while (consumeIf('W')) {
            boolean partition = consumeIf('P');
            Node sub = parseSourceName();
            if (sub == null) {
                return MODULE_ERROR;
            }
            module = new ModuleName(module, sub, partition);
            subs.add(module);
        }
        return module;
    }

    /** {@code Ut [n] _}, lambdas {@code Ul <lambda-sig> E [n] _}, blocks {@code Ub [n] _}. */
    Node parseUnnamedTypeName(NameState state) {
        if (state != null) {
            // Template parameters refer to the innermost template args: forget the outer ones.
            templateParams.clear();
        }
        if (consumeIf("Ut")) {
            String count = parseNumber(false);
            return consumeIf('_') ? new UnnamedTypeName(count) : null;
        }
        if (consumeIf("Ul")) {
            long savedLevel = parsingLambdaParamsAtLevel;
            parsingLambdaParamsAtLevel = templateParams.size();
            int oldSize = templateParams.size();
            List<Node> lambdaParams = new ArrayList<>();
            templateParams.add(lambdaParams);
            try {
                return parseLambda(lambdaParams);
            } finally {
                parsingLambdaParamsAtLevel = savedLevel;
                while (templateParams.size() > oldSize) {
                    templateParams.remove(templateParams.size() - 1);
                }
            }
        }
        if (consumeIf("Ub")) {
            parseNumber(false);
            return consumeIf('_') ? new NameType("'block-literal'") : null;
        }
        return null;
    }

    private Node parseLambda(List<Node> lambdaParams) {
        List<Node> declared = new ArrayList<>();
        while (isTemplateParamDecl()) {
            Node decl = parseTemplateParamDecl(lambdaParams);
            if (decl == null) {
                return null;
            }
            declared.add(decl);
        }
        if (declared.isEmpty()) {
            templateParams.remove(templateParams.size() - 1);
        }
        Node requires1 = null;
        if (consumeIf('Q')) {
            requires1 = expr.parseConstraintExpr();
            if (requires1 == null) {
                return null;
            }
        }
        List<Node> params = new ArrayList<>();
        if (!consumeIf('v')) {
            do {
                Node param = parseType();
                if (param == null) {
                    return null;
                }
                params.add(param);
            } while (look() != 'E' && look() != 'Q');
        }
        Node requires2 = null;
        if (consumeIf('Q')) {
            requires2 = expr.parseConstraintExpr();
            if (requires2 == null) {
                return null;
            }
        }
        if (!consumeIf('E')) {
            return null;
        }
        String count = parseNumber(false);
        if (!consumeIf('_')) {
            return null;
        }
        return new ClosureTypeName(declared, requires1, params, requires2, count);
    }

    /** {@code <length> <identifier>}; GCC's anonymous namespace names print as such. */
    Node parseSourceName() {
        if (!hasDigit()) {
            return null;
        }
        long length = parsePositiveInteger();
        if (Long.compareUnsigned(numLeft(), length) < 0 || length == 0) {
            return null;
        }
        String name = in.substring(pos, pos + (int) length);
        pos += (int) length;
        return new NameType(name.startsWith("_GLOBAL__N") ? "(anonymous namespace)" : name);
    }

    Operator parseOperatorEncoding() {
        if (numLeft() < 2) {
            return null;
        }
        Operator op = Operator.lookup(look(), look(1));
        if (op != null) {
            pos += 2;
        }
        return op;
    }

    /** An operator's name: {@code operator+}, {@code operator int} (cv), {@code operator"" _x} (li). */
    Node parseOperatorName(NameState state) {
        Operator op = parseOperatorEncoding();
        if (op != null) {
            if (op.kind() == Operator.Kind.C_CAST) {
                boolean savedTry = tryToParseTemplateArgs;
                boolean savedPermit = permitForwardTemplateReferences;
                tryToParseTemplateArgs = false;
                // The type of a conversion operator template may use T_ before its arguments appear.
                permitForwardTemplateReferences = savedPermit || state != null;
                Node type = parseType();
                tryToParseTemplateArgs = savedTry;
                permitForwardTemplateReferences = savedPermit;
                if (type == null) {
                    return null;
                }
                if (state != null) {
                    state.ctorDtorConversion = true;
                }
                return new ConversionOperatorType(type);
            }
            if (op.kind().ordinal() >= Operator.Kind.NAMED_CAST.ordinal()) {
                return null;
            }
            if (op.kind() == Operator.Kind.MEMBER && !op.flag()) {
                return null;
            }
            return new NameType(op.name());
        }
        if (consumeIf("li")) {
            Node name = parseSourceName();
            return name == null ? null : new LiteralOperator(name);
        }
        if (consumeIf('v')) {
            if (isDigit(look())) {
                pos++;
                Node name = parseSourceName();
                return name == null ? null : new ConversionOperatorType(name);
            }
            return null;
        }
        return null;
    }

    /** {@code C1..C5 [I <name>]} constructors, {@code D0 D1 D2 D4 D5} destructors. */
    private Node parseCtorDtorName(Node scope, NameState state) {
        if (consumeIf('C')) {
            boolean inherited = consumeIf('I');
            char v = look();
            if (v < '1' || v > '5') {
                return null;
            }
            pos++;
            if (state != null) {
                state.ctorDtorConversion = true;
            }
            if (inherited && parseName(state) == null) {
                return null;
            }
            return new CtorDtorName(scope, false);
        }
        char v = look(1);
        if (look() == 'D' && (v == '0' || v == '1' || v == '2' || v == '4' || v == '5')) {
            pos += 2;
            if (state != null) {
                state.ctorDtorConversion = true;
            }
            return new CtorDtorName(scope, true);
        }
        return null;
    }

    /** {@code N [H | <CV-qualifiers> [R|O]] <prefix>... E}; every prefix is a substitution candidate. */
    private Node parseNestedName(NameState state) {
        if (!consumeIf('N')) {
            return null;
        }
        if (!consumeIf('H')) {
            int quals = parseCVQualifiers();
            RefQual ref = consumeIf('O') ? RefQual.RVALUE : consumeIf('R') ? RefQual.LVALUE : RefQual.NONE;
            if (state != null) {
                state.quals = quals;
                state.refQual = ref;
            }
        } else if (state != null) {
            state.explicitObjectParameter = true;
        }
        Node soFar = null;
        while (!consumeIf('E')) {
            if (state != null) {
                state.endsWithTemplateArgs = false;
            }
            if (look() == 'T') {
                if (soFar != null) {
                    return null;
                }
                soFar = parseTemplateParam();
            } else if (look() == 'I') {
                if (soFar == null) {
                    return null;
                }
                Node args = parseTemplateArgs(state != null);
                if (args == null || soFar instanceof NameWithTemplateArgs) {
                    return null;
                }
                if (state != null) {
                    state.endsWithTemplateArgs = true;
                }
                soFar = new NameWithTemplateArgs(soFar, args);
            } else if (look() == 'D' && (look(1) == 't' || look(1) == 'T')) {
                if (soFar != null) {
                    return null;
                }
                soFar = parseDecltype();
            } else {
                ModuleName module = null;
                if (look() == 'S') {
                    Node s;
                    if (look(1) == 't') {
                        pos += 2;
                        s = new NameType("std");
                    } else {
                        s = parseSubstitution();
                    }
                    if (s == null) {
                        return null;
                    }
                    if (s instanceof ModuleName) {
                        module = (ModuleName) s;
                    } else if (soFar != null) {
                        return null;
                    } else {
                        soFar = s;
                        continue; // a substitution is not a new substitution candidate
                    }
                }
                soFar = parseUnqualifiedName(state, soFar, module);
            }
            if (soFar == null) {
                return null;
            }
            subs.add(soFar);
            consumeIf('M'); // <data-member-prefix>, no longer used
        }
        if (soFar == null || subs.isEmpty()) {
            return null;
        }
        subs.remove(subs.size() - 1);
        return soFar;
    }

    Node parseAbiTags(Node node) {
        while (consumeIf('B')) {
            String tag = parseBareSourceName();
            if (tag == null || tag.isEmpty()) {
                return null;
            }
            node = new AbiTagAttr(node, tag);
        }
        return node;
    }

    // ---- substitutions and template parameters ----

    private static boolean isSeqIdDigit(char c) {
        return isDigit(c) || (c >= 'A' && c <= 'Z');
    }

    /** {@code <0-9A-Z>+} in base 36, wrapping like size_t; the caller checks isSeqIdDigit first. */
    private long parseSeqId() {
        long id = 0;
        for (char c = look(); isSeqIdDigit(c); c = look()) {
            id = id * 36 + (isDigit(c) ? c - '0' : c - 'A' + 10);
            pos++;
        }
        return id;
    }

    /** {@code S_}, {@code S <seq-id> _}, and the std abbreviations {@code Sa Sb Ss Si So Sd}. */
    Node parseSubstitution() {
        if (!consumeIf('S')) {
            return null;
        }
        char c = look();
        if (c >= 'a' && c <= 'z') {
            TypeNodes.SpecialKind kind;
            switch (c) {
                case 'a' -> kind = TypeNodes.SpecialKind.ALLOCATOR;
                case 'b' -> kind = TypeNodes.SpecialKind.BASIC_STRING;
                case 'd' -> kind = TypeNodes.SpecialKind.IOSTREAM;
                case 'i' -> kind = TypeNodes.SpecialKind.ISTREAM;
                case 'o' -> kind = TypeNodes.SpecialKind.OSTREAM;
                case 's' -> kind = TypeNodes.SpecialKind.STRING;
                default -> {
                    return null;
                }
            }
            pos++;
            Node special = new TypeNodes.SpecialSubstitution(kind);
            // With ABI tags the abbreviation becomes a substitution candidate of its own.
            Node withTags = parseAbiTags(special);
            if (withTags != special) {
                if (withTags == null) {
                    return null;
                }
                subs.add(withTags);
                return withTags;
            }
            return special;
        }
        if (consumeIf('_')) {
            return subs.isEmpty() ? null : subs.get(0);
        }
        if (!isSeqIdDigit(look())) {
            return null;
        }
        long index = parseSeqId() + 1;
        if (!consumeIf('_') || Long.compareUnsigned(index, subs.size()) >= 0) {
            return null;
        }
        return subs.get((int) index);
    }

    /** {@code T_}, {@code T <n> _}, {@code TL <level> __}, {@code TL <level> _ <n> _}. */
    Node parseTemplateParam() {
        int begin = pos;
        if (!consumeIf('T')) {
            return null;
        }
        long level = 0;
        if (consumeIf('L')) {
            if (!hasDigit()) {
                return null;
            }
            level = parsePositiveInteger() + 1;
            if (!consumeIf('_')) {
                return null;
            }
        }
        long index = 0;
        if (!consumeIf('_')) {
            if (!hasDigit()) {
                return null;
            }
            index = parsePositiveInteger() + 1;
            if (!consumeIf('_')) {
                return null;
            }
        }
        if (incompleteTemplateParamTracking) {
            // Inside a constraint: LLVM prints the parameter's mangling instead of substituting.
            return new NameType(in.substring(begin, pos - 1));
        }
        if (permitForwardTemplateReferences && level == 0) {
            ForwardTemplateReference ref = new ForwardTemplateReference(index);
            forwardRefs.add(ref);
            return ref;
        }
        if (Long.compareUnsigned(level, templateParams.size()) >= 0 || templateParams.get((int) level) == null
                || Long.compareUnsigned(index, templateParams.get((int) level).size()) >= 0) {
            // In a generic lambda's parameters, 'auto' is mangled as its invented template parameter.
            if (parsingLambdaParamsAtLevel == level && Long.compareUnsigned(level, templateParams.size()) <= 0) {
                if (level == templateParams.size()) {
                    templateParams.add(null);
                }
                return new NameType("auto");
            }
            return null;
        }
        return templateParams.get((int) level).get((int) index);
    }

    boolean isTemplateParamDecl() {
        return look() == 'T' && "yptnk".indexOf(look(1)) >= 0 && look(1) != '\0';
    }

    /** {@code Ty}, {@code Tk <concept>}, {@code Tn <type>}, {@code Tt <decl>* E}, {@code Tp <decl>}. */
    Node parseTemplateParamDecl(List<Node> params) {
        enter();
        Node result = parseTemplateParamDeclInner(params);
        leave();
        return result;
    }

    private Node invent(ParamKind kind, List<Node> params) {
        Node name = new NameNodes.SyntheticTemplateParamName(kind, syntheticParamCounts[kind.ordinal()]++);
        if (params != null) {
            params.add(name);
        }
        return name;
    }

    private Node parseTemplateParamDeclInner(List<Node> params) {
        if (consumeIf("Ty")) {
            return new NameNodes.TypeTemplateParamDecl(invent(ParamKind.TYPE, params));
        }
        if (consumeIf("Tk")) {
            boolean saved = incompleteTemplateParamTracking;
            incompleteTemplateParamTracking = true;
            Node constraint = parseName(null);
            incompleteTemplateParamTracking = saved;
            if (constraint == null) {
                return null;
            }
            return new NameNodes.ConstrainedTypeTemplateParamDecl(constraint, invent(ParamKind.TYPE, params));
        }
        if (consumeIf("Tn")) {
            Node name = invent(ParamKind.NON_TYPE, params);
            Node type = parseType();
            return type == null ? null : new NameNodes.NonTypeTemplateParamDecl(name, type);
        }
        if (consumeIf("Tt")) {
            Node name = invent(ParamKind.TEMPLATE, params);
            int oldSize = templateParams.size();
            List<Node> innerParams = new ArrayList<>();
            templateParams.add(innerParams);
            try {
                List<Node> decls = new ArrayList<>();
                Node requires = null;
                while (!consumeIf('E')) {
                    Node decl = parseTemplateParamDecl(innerParams);
                    if (decl == null) {
                        return null;
                    }
                    decls.add(decl);
                    if (consumeIf('Q')) {
                        requires = expr.parseConstraintExpr();
                        if (requires == null || !consumeIf('E')) {
                            return null;
                        }
                        break;
                    }
                }
                return new NameNodes.TemplateTemplateParamDecl(name, decls, requires);
            } finally {
                while (templateParams.size() > oldSize) {
                    templateParams.remove(templateParams.size() - 1);
                }
            }
        }
        if (consumeIf("Tp")) {
            Node param = parseTemplateParamDecl(params);
            return param == null ? null : new NameNodes.TemplateParamPackDecl(param);
        }
        return null;
    }

    /** {@code <type> | X <expr> E | <expr-primary> | J <arg>* E | LZ <encoding> E | <param-decl> <arg>}. */
    Node parseTemplateArg() {
        enter();
        Node result = parseTemplateArgInner();
        leave();
        return result;
    }

    private Node parseTemplateArgInner() {
        switch (look()) {
            case 'X': {
                pos++;
                Node arg = expr.parseExpr();
                return arg == null || !consumeIf('E') ? null : arg;
            }
            case 'J': {
                pos++;
                List<Node> args = new ArrayList<>();
                while (!consumeIf('E')) {
                    Node arg = parseTemplateArg();
                    if (arg == null) {
                        return null;
                    }
                    args.add(arg);
                }
                return new TypeNodes.TemplateArgumentPack(args);
            }
            case 'L': {
                if (look(1) == 'Z') {
                    pos += 2;
                    Node arg = parseEncoding();
                    return arg == null || !consumeIf('E') ? null : arg;
                }
                return expr.parseExprPrimary();
            }
            case 'T': {
                if (!isTemplateParamDecl()) {
                    return parseType();
                }
                Node param = parseTemplateParamDecl(null);
                if (param == null) {
                    return null;
                }
                Node arg = parseTemplateArg();
                return arg == null ? null : new TemplateParamQualifiedArg(arg);
            }
            default:
                return parseType();
        }
    }

    /**
     * {@code I <template-arg>* [Q <requires>] E}. With tagTemplates (the args of the entity an
     * encoding names) they also become what T_, T0_... mean from here on.
     */
    Node parseTemplateArgs(boolean tagTemplates) {
        if (!consumeIf('I')) {
            return null;
        }
        if (tagTemplates) {
            templateParams.clear();
            templateParams.add(outerTemplateParams);
            outerTemplateParams.clear();
        }
        List<Node> args = new ArrayList<>();
        while (!consumeIf('E')) {
            Node arg = parseTemplateArg();
            if (arg == null) {
                return null;
            }
            args.add(arg);
            if (tagTemplates) {
                Node entry = arg;
                if (arg instanceof TemplateParamQualifiedArg) {
                    entry = ((TemplateParamQualifiedArg) arg).arg;
                }
                if (arg instanceof TypeNodes.TemplateArgumentPack) {
                    entry = new TypeNodes.ParameterPack(((TypeNodes.TemplateArgumentPack) arg).elements);
                }
                outerTemplateParams.add(entry);
            }
            if (consumeIf('Q')) {
                Node requires = expr.parseConstraintExpr();
                if (requires == null || !consumeIf('E')) {
                    return null;
                }
                break;
            }
        }
        return new TemplateArgs(args);
    }

    Node parseType() {
        return types.parseType();
    }

    Node parseDecltype() {
        return types.parseDecltype();
    }
}
