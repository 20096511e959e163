package dev.wasmdbg.demangle;

import dev.wasmdbg.demangle.ExprNodes.BinaryExpr;
import dev.wasmdbg.demangle.ExprNodes.CallExpr;
import dev.wasmdbg.demangle.ExprNodes.ConversionExpr;
import dev.wasmdbg.demangle.ExprNodes.EnclosingExpr;
import dev.wasmdbg.demangle.ExprNodes.InitListExpr;
import dev.wasmdbg.demangle.ExprNodes.IntegerLiteral;
import dev.wasmdbg.demangle.NameNodes.GlobalQualifiedName;
import dev.wasmdbg.demangle.NameNodes.NameWithTemplateArgs;
import dev.wasmdbg.demangle.NameNodes.QualifiedName;
import dev.wasmdbg.demangle.Node.Prec;
import dev.wasmdbg.demangle.TypeNodes.NameType;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code <expression>} half of the Itanium grammar (template arguments, decltype, array
 * bounds, noexcept and requires clauses), sharing the cursor and tables of {@link ItaniumParser}.
 */
final class ExpressionParser {
    private final ItaniumParser p;

    ExpressionParser(ItaniumParser parser) {
        this.p = parser;
    }

    /** An {@code <expression>}: operators by their two-letter codes, literals, parameters, names. */
    Node parseExpr() {
        p.enter();
        Node result = parseExprInner();
        p.leave();
        return result;
    }

    private Node parsePrefix(String kind, Prec prec) {
        Node e = parseExpr();
        return e == null ? null : new ExprNodes.PrefixExpr(kind, e, prec);
    }

    private Node parseBinary(String kind, Prec prec) {
        Node lhs = parseExpr();
        if (lhs == null) {
            return null;
        }
        Node rhs = parseExpr();
        return rhs == null ? null : new BinaryExpr(lhs, kind, rhs, prec);
    }

    /** Expressions until E, as for call arguments. */
    private List<Node> exprsUntilE() {
        List<Node> exprs = new ArrayList<>();
        while (!p.consumeIf('E')) {
            Node e = parseExpr();
            if (e == null) {
                return null;
            }
            exprs.add(e);
        }
        return exprs;
    }

    private Node parseExprInner() {
        boolean global = p.consumeIf("gs");
        Operator op = p.parseOperatorEncoding();
        if (op != null) {
            return parseOperatorExpr(op, global);
        }
        if (p.numLeft() < 2) {
            return null;
        }
        char c = p.look();
        if (c == 'L') {
            return parseExprPrimary();
        }
        if (c == 'T') {
            return p.parseTemplateParam();
        }
        if (c == 'f') {
            // A function parameter, or else a fold expression.
            if (p.look(1) == 'p' || (p.look(1) == 'L' && ItaniumParser.isDigit(p.look(2)))) {
                return parseFunctionParam();
            }
            return parseFoldExpr();
        }
        if (p.consumeIf("il")) {
            List<Node> inits = new ArrayList<>();
            while (!p.consumeIf('E')) {
                Node e = parseBracedExpr();
                if (e == null) {
                    return null;
                }
                inits.add(e);
            }
            return new InitListExpr(null, inits);
        }
        if (p.consumeIf("mc")) {
            return parsePointerToMemberConversion(Prec.UNARY);
        }
        if (p.consumeIf("nx")) {
            Node e = parseExpr();
            return e == null ? null : new EnclosingExpr("noexcept ", e, Prec.UNARY);
        }
        if (c == 'r' && (p.look(1) == 'q' || p.look(1) == 'Q')) {
            return parseRequiresExpr();
        }
        if (p.consumeIf("so")) {
            return parseSubobjectExpr();
        }
        if (p.consumeIf("sp")) {
            Node child = parseExpr();
            return child == null ? null : new TypeNodes.ParameterPackExpansion(child);
        }
        if (p.consumeIf("sZ")) {
            if (p.look() == 'T') {
                Node param = p.parseTemplateParam();
                return param == null ? null : new ExprNodes.SizeofParamPackExpr(param);
            }
            Node param = parseFunctionParam();
            return param == null ? null : new EnclosingExpr("sizeof... ", param, Prec.PRIMARY);
        }
        if (p.consumeIf("sP")) {
            List<Node> args = new ArrayList<>();
            while (!p.consumeIf('E')) {
                Node arg = p.parseTemplateArg();
                if (arg == null) {
                    return null;
                }
                args.add(arg);
            }
            return new EnclosingExpr("sizeof... ", new NameNodes.NodeList(args), Prec.PRIMARY);
        }
        if (p.consumeIf("tl")) {
            Node type = p.parseType();
            if (type == null) {
                return null;
            }
            List<Node> inits = new ArrayList<>();
            while (!p.consumeIf('E')) {
                Node e = parseBracedExpr();
                if (e == null) {
                    return null;
                }
                inits.add(e);
            }
            return new InitListExpr(type, inits);
        }
        if (p.consumeIf("tr")) {
            return new NameType("throw");
        }
        if (p.consumeIf("tw")) {
            Node e = parseExpr();
            return e == null ? null : new ExprNodes.ThrowExpr(e);
        }
        if (p.consumeIf('u')) {
            return parseVendorExpr();
        }
        return parseUnresolvedName(global);
    }

    private Node parseOperatorExpr(Operator op, boolean global) {
        String sym = op.symbol();
        switch (op.kind()) {
            case BINARY:
                return parseBinary(sym, op.prec());
            case PREFIX:
                return parsePrefix(sym, op.prec());
            case POSTFIX: {
                if (p.consumeIf('_')) {
                    return parsePrefix(sym, op.prec());
                }
                Node e = parseExpr();
                return e == null ? null : new ExprNodes.PostfixExpr(e, sym, op.prec());
            }
            case ARRAY: {
                Node base = parseExpr();
                if (base == null) {
                    return null;
                }
                Node index = parseExpr();
                return index == null ? null : new ExprNodes.ArraySubscriptExpr(base, index, op.prec());
            }
            case MEMBER: {
                Node lhs = parseExpr();
                if (lhs == null) {
                    return null;
                }
                Node rhs = parseExpr();
                return rhs == null ? null : new ExprNodes.MemberExpr(lhs, sym, rhs, op.prec());
            }
            case NEW: {
                // [gs] nw <expression>* _ <type> [pi <expression>*] E
                List<Node> exprs = new ArrayList<>();
                while (!p.consumeIf('_')) {
                    Node e = parseExpr();
                    if (e == null) {
                        return null;
                    }
                    exprs.add(e);
                }
                Node type = p.parseType();
                if (type == null) {
                    return null;
                }
                boolean haveInits = p.consumeIf("pi");
                List<Node> inits = new ArrayList<>();
                while (!p.consumeIf('E')) {
                    if (!haveInits) {
                        return null;
                    }
                    Node e = parseExpr();
                    if (e == null) {
                        return null;
                    }
                    inits.add(e);
                }
                return new ExprNodes.NewExpr(exprs, type, inits, global, op.flag(), op.prec());
            }
            case DELETE: {
                Node e = parseExpr();
                return e == null ? null : new ExprNodes.DeleteExpr(e, global, op.flag(), op.prec());
            }
            case CALL: {
                Node callee = parseExpr();
                if (callee == null) {
                    return null;
                }
                List<Node> args = exprsUntilE();
                return args == null ? null : new CallExpr(callee, args, op.flag(), op.prec());
            }
            case C_CAST: {
                boolean saved = p.tryToParseTemplateArgs;
                p.tryToParseTemplateArgs = false;
                Node type = p.parseType();
                p.tryToParseTemplateArgs = saved;
                if (type == null) {
                    return null;
                }
                boolean many = p.consumeIf('_');
                List<Node> exprs = new ArrayList<>();
                while (!p.consumeIf('E')) {
                    Node e = parseExpr();
                    if (e == null) {
                        return null;
                    }
                    exprs.add(e);
                    if (!many) {
                        break;
                    }
                }
                if (!many && exprs.size() != 1) {
                    return null;
                }
                return new ConversionExpr(type, exprs, op.prec());
            }
            case CONDITIONAL: {
                Node cond = parseExpr();
                if (cond == null) {
                    return null;
                }
                Node then = parseExpr();
                if (then == null) {
                    return null;
                }
                Node otherwise = parseExpr();
                return otherwise == null ? null : new ExprNodes.ConditionalExpr(cond, then, otherwise, op.prec());
            }
            case NAMED_CAST: {
                Node type = p.parseType();
                if (type == null) {
                    return null;
                }
                Node e = parseExpr();
                return e == null ? null : new ExprNodes.CastExpr(sym, type, e, op.prec());
            }
            case OF_ID: {
                Node arg = op.flag() ? p.parseType() : parseExpr();
                return arg == null ? null : new EnclosingExpr(sym, arg, op.prec());
            }
            default:
                return null; // NAME_ONLY: not valid as an expression
        }
    }

    /** {@code u <source-name> <template-arg>* E}, with MSVC's {@code __uuidof} special case. */
    private Node parseVendorExpr() {
        Node name = p.parseSourceName();
        if (name == null) {
            return null;
        }
        List<Node> args = new ArrayList<>();
        if (name.baseName().equals("__uuidof") && (p.look() == 't' || p.look() == 'z')) {
            boolean type = p.consumeIf('t');
            if (!type) {
                p.consumeIf('z');
            }
            Node uuid = type ? p.parseType() : parseExpr();
            if (uuid == null) {
                return null;
            }
            args.add(uuid);
        } else {
            while (!p.consumeIf('E')) {
                Node arg = p.parseTemplateArg();
                if (arg == null) {
                    return null;
                }
                args.add(arg);
            }
        }
        return new CallExpr(name, args, false, Prec.POSTFIX);
    }

    /** {@code L <type> <value> E}, string and nullptr literals, {@code L _Z <encoding> E}, lambdas. */
    Node parseExprPrimary() {
        if (!p.consumeIf('L')) {
            return null;
        }
        switch (p.look()) {
            case 'w':
                return integerLiteral("wchar_t");
            case 'b':
                if (p.consumeIf("b0E")) {
                    return new ExprNodes.BoolExpr(false);
                }
                if (p.consumeIf("b1E")) {
                    return new ExprNodes.BoolExpr(true);
                }
                return null;
            case 'c':
                return integerLiteral("char");
            case 'a':
                return integerLiteral("signed char");
            case 'h':
                return integerLiteral("unsigned char");
            case 's':
                return integerLiteral("short");
            case 't':
                return integerLiteral("unsigned short");
            case 'i':
                return integerLiteral("");
            case 'j':
                return integerLiteral("u");
            case 'l':
                return integerLiteral("l");
            case 'm':
                return integerLiteral("ul");
            case 'x':
                return integerLiteral("ll");
            case 'y':
                return integerLiteral("ull");
            case 'n':
                return integerLiteral("__int128");
            case 'o':
                return integerLiteral("unsigned __int128");
            case 'f':
                return floatLiteral('f', 8);
            case 'd':
                return floatLiteral('d', 16);
            case 'e':
                return floatLiteral('e', 20);
            case '_':
                if (p.consumeIf("_Z")) {
                    Node encoding = p.parseEncoding();
                    if (encoding != null && p.consumeIf('E')) {
                        return encoding;
                    }
                }
                return null;
            case 'A': {
                Node type = p.parseType();
                return type != null && p.consumeIf('E') ? new ExprNodes.StringLiteral(type) : null;
            }
            case 'D':
                if (p.consumeIf("Dn")) {
                    p.consumeIf('0');
                    if (p.consumeIf('E')) {
                        return new NameType("nullptr");
                    }
                }
                return null;
            case 'T':
                return null;
            case 'U': {
                if (p.look(1) != 'l') {
                    return null;
                }
                Node closure = p.parseUnnamedTypeName(null);
                return closure != null && p.consumeIf('E') ? new ExprNodes.LambdaExpr(closure) : null;
            }
            default: {
                // An enumerator (or other named type) with a value: (Type)42.
                Node type = p.parseType();
                if (type == null) {
                    return null;
                }
                String n = p.parseNumber(true);
                if (n.isEmpty() || !p.consumeIf('E')) {
                    return null;
                }
                return new ExprNodes.EnumLiteral(type, n);
            }
        }
    }

    private Node integerLiteral(String type) {
        p.pos++;
        String value = p.parseNumber(true);
        if (!value.isEmpty() && p.consumeIf('E')) {
            return new IntegerLiteral(type, value);
        }
        return null;
    }

    private Node floatLiteral(char kind, int digits) {
        p.pos++;
        if (p.numLeft() <= digits) {
            return null;
        }
        String data = p.in.substring(p.pos, p.pos + digits);
        for (char c : data.toCharArray()) {
            if (!ItaniumParser.isDigit(c) && !(c >= 'a' && c <= 'f')) {
                return null;
            }
        }
        p.pos += digits;
        if (!p.consumeIf('E')) {
            return null;
        }
        return new ExprNodes.FloatLiteral(data, kind);
    }

    /** {@code fpT} (this), {@code fp [<CV>] [<n>] _}, {@code fL <level> p [<CV>] [<n>] _}. */
    private Node parseFunctionParam() {
        if (p.consumeIf("fpT")) {
            return new NameType("this");
        }
        if (p.consumeIf("fp")) {
            p.parseCVQualifiers();
            String n = p.parseNumber(false);
            return p.consumeIf('_') ? new ExprNodes.FunctionParam(n) : null;
        }
        if (p.consumeIf("fL")) {
            if (p.parseNumber(false).isEmpty() || !p.consumeIf('p')) {
                return null;
            }
            p.parseCVQualifiers();
            String n = p.parseNumber(false);
            return p.consumeIf('_') ? new ExprNodes.FunctionParam(n) : null;
        }
        return null;
    }

    /** An initializer element: an expression, or a designator {@code di}, {@code dx}, {@code dX}. */
    private Node parseBracedExpr() {
        p.enter();
        Node result = parseBracedExprInner();
        p.leave();
        return result;
    }

    private Node parseBracedExprInner() {
        if (p.look() == 'd') {
            switch (p.look(1)) {
                case 'i': {
                    p.pos += 2;
                    Node field = p.parseSourceName();
                    if (field == null) {
                        return null;
                    }
                    Node init = parseBracedExpr();
                    return init == null ? null : new ExprNodes.BracedExpr(field, init, false);
                }
                case 'x': {
                    p.pos += 2;
                    Node index = parseExpr();
                    if (index == null) {
                        return null;
                    }
                    Node init = parseBracedExpr();
                    return init == null ? null : new ExprNodes.BracedExpr(index, init, true);
                }
                case 'X': {
                    p.pos += 2;
                    Node first = parseExpr();
                    if (first == null) {
                        return null;
                    }
                    Node last = parseExpr();
                    if (last == null) {
                        return null;
                    }
                    Node init = parseBracedExpr();
                    return init == null ? null : new ExprNodes.BracedRangeExpr(first, last, init);
                }
                default:
                    break;
            }
        }
        return parseExpr();
    }

    /** {@code fL|fR <op> <expr> <expr>}, {@code fl|fr <op> <expr>}. */
    private Node parseFoldExpr() {
        if (!p.consumeIf('f')) {
            return null;
        }
        boolean leftFold;
        boolean hasInit;
        switch (p.look()) {
            case 'L' -> {
                leftFold = true;
                hasInit = true;
            }
            case 'R' -> {
                leftFold = false;
                hasInit = true;
            }
            case 'l' -> {
                leftFold = true;
                hasInit = false;
            }
            case 'r' -> {
                leftFold = false;
                hasInit = false;
            }
            default -> {
                return null;
            }
        }
        p.pos++;
        Operator op = p.parseOperatorEncoding();
        if (op == null) {
            return null;
        }
        if (!(op.kind() == Operator.Kind.BINARY
                || (op.kind() == Operator.Kind.MEMBER && op.name().endsWith("*")))) {
            return null;
        }
        Node pack = parseExpr();
        if (pack == null) {
            return null;
        }
        Node init = null;
        if (hasInit) {
            init = parseExpr();
            if (init == null) {
                return null;
            }
        }
        if (leftFold && init != null) {
            Node t = pack;
            pack = init;
            init = t;
        }
        return new ExprNodes.FoldExpr(leftFold, op.symbol(), pack, init);
    }

    /** {@code mc <type> <expr> [<offset>] E}: a pointer-to-member conversion. */
    private Node parsePointerToMemberConversion(Prec prec) {
        Node type = p.parseType();
        if (type == null) {
            return null;
        }
        Node e = parseExpr();
        if (e == null) {
            return null;
        }
        p.parseNumber(true);
        if (!p.consumeIf('E')) {
            return null;
        }
        return new ConversionExpr(type, List.of(e), prec);
    }

    /** {@code so <type> <expr> [<offset>] <union-selector>* [p] E}. */
    private Node parseSubobjectExpr() {
        Node type = p.parseType();
        if (type == null) {
            return null;
        }
        Node e = parseExpr();
        if (e == null) {
            return null;
        }
        String offset = p.parseNumber(true);
        while (p.consumeIf('_')) {
            p.parseNumber(false);
        }
        p.consumeIf('p');
        if (!p.consumeIf('E')) {
            return null;
        }
        return new ExprNodes.SubobjectExpr(type, e, offset);
    }

    /** Within a constraint, template parameters print as written (T_ as "T"). */
    Node parseConstraintExpr() {
        boolean saved = p.incompleteTemplateParamTracking;
        p.incompleteTemplateParamTracking = true;
        Node e = parseExpr();
        p.incompleteTemplateParamTracking = saved;
        return e;
    }

    /** {@code rq <requirement>+ E} or {@code rQ <param types> _ <requirement>+ E}. */
    private Node parseRequiresExpr() {
        List<Node> params = new ArrayList<>();
        if (p.consumeIf("rQ")) {
            while (!p.consumeIf('_')) {
                Node type = p.parseType();
                if (type == null) {
                    return null;
                }
                params.add(type);
            }
        } else if (!p.consumeIf("rq")) {
            return null;
        }
        List<Node> requirements = new ArrayList<>();
        do {
            Node constraint = null;
            if (p.consumeIf('X')) {
                Node e = parseExpr();
                if (e == null) {
                    return null;
                }
                boolean noexcept = p.consumeIf('N');
                Node typeReq = null;
                if (p.consumeIf('R')) {
                    typeReq = p.parseName(null);
                    if (typeReq == null) {
                        return null;
                    }
                }
                constraint = new ExprNodes.ExprRequirement(e, noexcept, typeReq);
            } else if (p.consumeIf('T')) {
                Node type = p.parseType();
                if (type == null) {
                    return null;
                }
                constraint = new ExprNodes.TypeRequirement(type);
            } else if (p.consumeIf('Q')) {
                Node nested = parseExpr();
                if (nested == null) {
                    return null;
                }
                constraint = new ExprNodes.NestedRequirement(nested);
            }
            if (constraint == null) {
                return null;
            }
            requirements.add(constraint);
        } while (!p.consumeIf('E'));
        return new ExprNodes.RequiresExpr(params, requirements);
    }

    // ---- unresolved names ----

    /** {@code <source-name> [<template-args>]}. */
    private Node parseSimpleId() {
        Node name = p.parseSourceName();
        if (name == null) {
            return null;
        }
        if (p.look() == 'I') {
            Node args = p.parseTemplateArgs(false);
            return args == null ? null : new NameWithTemplateArgs(name, args);
        }
        return name;
    }

    /** {@code <unresolved-type>} (~T, ~decltype(x)) or {@code <simple-id>} (~A<2>). */
    private Node parseDestructorName() {
        Node result = ItaniumParser.isDigit(p.look()) ? parseSimpleId() : parseUnresolvedType();
        return result == null ? null : new NameNodes.DtorName(result);
    }

    /** {@code <template-param> | <decltype> | <substitution>}. */
    private Node parseUnresolvedType() {
        if (p.look() == 'T') {
            Node param = p.parseTemplateParam();
            if (param == null) {
                return null;
            }
            p.subs.add(param);
            return param;
        }
        if (p.look() == 'D') {
            Node decltype = p.parseDecltype();
            if (decltype == null) {
                return null;
            }
            p.subs.add(decltype);
            return decltype;
        }
        return p.parseSubstitution();
    }

    /** {@code <simple-id> | [on] <operator-name> [<template-args>] | dn <destructor-name>}. */
    private Node parseBaseUnresolvedName() {
        if (ItaniumParser.isDigit(p.look())) {
            return parseSimpleId();
        }
        if (p.consumeIf("dn")) {
            return parseDestructorName();
        }
        p.consumeIf("on");
        Node operator = p.parseOperatorName(null);
        if (operator == null) {
            return null;
        }
        if (p.look() == 'I') {
            Node args = p.parseTemplateArgs(false);
            return args == null ? null : new NameWithTemplateArgs(operator, args);
        }
        return operator;
    }

    /** A dependent name: {@code x}, {@code ::x}, {@code A::x}, {@code T::x}, {@code decltype(p)::x}. */
    private Node parseUnresolvedName(boolean global) {
        Node soFar = null;
        if (p.consumeIf("srN")) {
            soFar = parseUnresolvedType();
            if (soFar == null) {
                return null;
            }
            if (p.look() == 'I') {
                Node args = p.parseTemplateArgs(false);
                if (args == null) {
                    return null;
                }
                soFar = new NameWithTemplateArgs(soFar, args);
            }
            while (!p.consumeIf('E')) {
                Node qual = parseSimpleId();
                if (qual == null) {
                    return null;
                }
                soFar = new QualifiedName(soFar, qual);
            }
            Node base = parseBaseUnresolvedName();
            return base == null ? null : new QualifiedName(soFar, base);
        }
        if (!p.consumeIf("sr")) {
            soFar = parseBaseUnresolvedName();
            if (soFar == null) {
                return null;
            }
            return global ? new GlobalQualifiedName(soFar) : soFar;
        }
        if (ItaniumParser.isDigit(p.look())) {
            do {
                Node qual = parseSimpleId();
                if (qual == null) {
                    return null;
                }
                if (soFar != null) {
                    soFar = new QualifiedName(soFar, qual);
                } else if (global) {
                    soFar = new GlobalQualifiedName(qual);
                } else {
                    soFar = qual;
                }
            } while (!p.consumeIf('E'));
        } else {
            soFar = parseUnresolvedType();
            if (soFar == null) {
                return null;
            }
            if (p.look() == 'I') {
                Node args = p.parseTemplateArgs(false);
                if (args == null) {
                    return null;
                }
                soFar = new NameWithTemplateArgs(soFar, args);
            }
        }
        Node base = parseBaseUnresolvedName();
        return base == null ? null : new QualifiedName(soFar, base);
    }
}
