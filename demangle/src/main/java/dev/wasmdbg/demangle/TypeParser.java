package dev.wasmdbg.demangle;

import dev.wasmdbg.demangle.NameNodes.NameWithTemplateArgs;
import dev.wasmdbg.demangle.Node.RefQual;
import dev.wasmdbg.demangle.TypeNodes.NameType;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code <type>} production of the Itanium grammar: builtins, qualifiers, pointers and
 * references, arrays, functions, vectors, decltype, template parameters and class names, sharing
 * the cursor and tables of {@link ItaniumParser}.
 */
final class TypeParser {
    private final ItaniumParser p;

    TypeParser(ItaniumParser parser) {
        this.p = parser;
    }

    /** The {@code <type>} production; every type that is not a builtin becomes a substitution candidate. */
    Node parseType() {
        p.enter();
        Node result = parseTypeInner();
        p.leave();
        return result;
    }

    private Node builtin(String name, int length) {
        p.pos += length;
        return new NameType(name);
    }

    private Node parseTypeInner() {
        Node result;
        switch (p.look()) {
            case 'r', 'V', 'K': {
                int after = 0;
                if (p.look(after) == 'r') {
                    after++;
                }
                if (p.look(after) == 'V') {
                    after++;
                }
                if (p.look(after) == 'K') {
                    after++;
                }
                char next = p.look(after + 1);
                if (p.look(after) == 'F'
                        || (p.look(after) == 'D' && (next == 'o' || next == 'O' || next == 'w' || next == 'x'))) {
                    result = parseFunctionType();
                } else {
                    result = parseQualifiedType();
                }
                break;
            }
            case 'U':
                result = parseQualifiedType();
                break;
            case 'v':
                return builtin("void", 1);
            case 'w':
                return builtin("wchar_t", 1);
            case 'b':
                return builtin("bool", 1);
            case 'c':
                return builtin("char", 1);
            case 'a':
                return builtin("signed char", 1);
            case 'h':
                return builtin("unsigned char", 1);
            case 's':
                return builtin("short", 1);
            case 't':
                return builtin("unsigned short", 1);
            case 'i':
                return builtin("int", 1);
            case 'j':
                return builtin("unsigned int", 1);
            case 'l':
                return builtin("long", 1);
            case 'm':
                return builtin("unsigned long", 1);
            case 'x':
                return builtin("long long", 1);
            case 'y':
                return builtin("unsigned long long", 1);
            case 'n':
                return builtin("__int128", 1);
            case 'o':
                return builtin("unsigned __int128", 1);
            case 'f':
                return builtin("float", 1);
            case 'd':
                return builtin("double", 1);
            case 'e':
                return builtin("long double", 1);
            case 'g':
                return builtin("__float128", 1);
            case 'z':
                return builtin("...", 1);
            case 'u': {
                p.pos++;
                String name = p.parseBareSourceName();
                if (name == null || name.isEmpty()) {
                    return null;
                }
                // Vendor extended types are substitution candidates, unlike other builtins.
                if (p.consumeIf('I')) {
                    Node base = parseType();
                    if (base == null || !p.consumeIf('E')) {
                        return null;
                    }
                    result = new TypeNodes.TransformedType(name, base);
                } else {
                    result = new NameType(name);
                }
                break;
            }
            case 'D': {
                DType d = parseDType();
                if (!d.substitutable()) {
                    return d.node();
                }
                result = d.node();
                break;
            }
            case 'F':
                result = parseFunctionType();
                break;
            case 'A':
                result = parseArrayType();
                break;
            case 'M':
                result = parsePointerToMemberType();
                break;
            case 'T': {
                char next = p.look(1);
                if (next == 's' || next == 'u' || next == 'e') {
                    result = parseClassEnumType();
                    break;
                }
                result = p.parseTemplateParam();
                if (result == null) {
                    return null;
                }
                // A template template parameter followed by its arguments.
                if (p.tryToParseTemplateArgs && p.look() == 'I') {
                    p.subs.add(result);
                    Node args = p.parseTemplateArgs(false);
                    if (args == null) {
                        return null;
                    }
                    result = new NameWithTemplateArgs(result, args);
                }
                break;
            }
            case 'P': {
                p.pos++;
                Node pointee = parseType();
                if (pointee == null) {
                    return null;
                }
                result = new TypeNodes.PointerType(pointee);
                break;
            }
            case 'R':
            case 'O': {
                boolean rvalue = p.look() == 'O';
                p.pos++;
                Node referee = parseType();
                if (referee == null) {
                    return null;
                }
                result = new TypeNodes.ReferenceType(referee, rvalue);
                break;
            }
            case 'C':
            case 'G': {
                String postfix = p.look() == 'C' ? " complex" : " imaginary";
                p.pos++;
                Node type = parseType();
                if (type == null) {
                    return null;
                }
                result = new TypeNodes.PostfixQualifiedType(type, postfix);
                break;
            }
            case 'S': {
                if (p.look(1) != 't') {
                    boolean[] isSubst = {false};
                    result = p.parseUnscopedName(null, isSubst);
                    if (result == null) {
                        return null;
                    }
                    if (p.look() == 'I' && (!isSubst[0] || p.tryToParseTemplateArgs)) {
                        if (!isSubst[0]) {
                            p.subs.add(result);
                        }
                        Node args = p.parseTemplateArgs(false);
                        if (args == null) {
                            return null;
                        }
                        result = new NameWithTemplateArgs(result, args);
                    } else if (isSubst[0]) {
                        return result; // a bare substitution is not pushed again
                    }
                    break;
                }
                result = parseClassEnumType();
                break;
            }
            default:
                result = parseClassEnumType();
                break;
        }
        if (result != null) {
            p.subs.add(result);
        }
        return result;
    }

    /** A type starting with D, and whether it becomes a substitution candidate (builtins do not). */
    private record DType(Node node, boolean substitutable) {}

    private static DType plain(Node node) {
        return new DType(node, false);
    }

    private static DType substitutable(Node node) {
        return new DType(node, true);
    }

    private Node fixedPointType(String sat, char size, String kind) {
        String prefix = switch (size) {
            case 's' -> "short ";
            case 't' -> "unsigned short ";
            case 'i' -> "";
            case 'j' -> "unsigned ";
            case 'l' -> "long ";
            case 'm' -> "unsigned long ";
            default -> null;
        };
        return prefix == null ? null : new NameType(sat + prefix + kind);
    }

    /** The types starting with D: builtins, decltype, vectors, pack expansions, function types. */
    private DType parseDType() {
        switch (p.look(1)) {
            case 'd':
                return plain(builtin("decimal64", 2));
            case 'e':
                return plain(builtin("decimal128", 2));
            case 'f':
                return plain(builtin("decimal32", 2));
            case 'h':
                return plain(builtin("half", 2));
            case 'F': {
                p.pos += 2;
                if (p.consumeIf("16b")) {
                    return plain(new NameType("std::bfloat16_t"));
                }
                Node dimension = new NameType(p.parseNumber(false));
                return plain(p.consumeIf('_') ? new TypeNodes.BinaryFPType(dimension) : null);
            }
            case 'A':
            case 'R': {
                String kind = p.look(1) == 'A' ? "_Accum" : "_Fract";
                char size = p.look(2);
                p.skip(3);
                return plain(fixedPointType("", size, kind));
            }
            case 'S': {
                p.pos += 2;
                if (p.look() == 'D' && (p.look(1) == 'A' || p.look(1) == 'R')) {
                    String kind = p.look(1) == 'A' ? "_Accum" : "_Fract";
                    char size = p.look(2);
                    p.skip(3);
                    return plain(fixedPointType("_Sat ", size, kind));
                }
                return plain(null);
            }
            case 'B':
            case 'U': {
                boolean signed = p.look(1) == 'B';
                p.pos += 2;
                Node size = ItaniumParser.isDigit(p.look()) ? new NameType(p.parseNumber(false)) : p.expr.parseExpr();
                if (size == null || !p.consumeIf('_')) {
                    return plain(null);
                }
                return plain(new TypeNodes.BitIntType(size, signed));
            }
            case 'i':
                return plain(builtin("char32_t", 2));
            case 's':
                return plain(builtin("char16_t", 2));
            case 'u':
                return plain(builtin("char8_t", 2));
            case 'a':
                return plain(builtin("auto", 2));
            case 'c':
                return plain(builtin("decltype(auto)", 2));
            case 'k':
            case 'K': {
                String kind = p.look(1) == 'k' ? " auto" : " decltype(auto)";
                p.pos += 2;
                Node constraint = p.parseName(null);
                return plain(constraint == null ? null : new TypeNodes.PostfixQualifiedType(constraint, kind));
            }
            case 'n':
                return plain(builtin("std::nullptr_t", 2));
            case 't':
            case 'T':
                return substitutable(parseDecltype());
            case 'v':
                return substitutable(parseVectorType());
            case 'p': {
                p.pos += 2;
                Node child = parseType();
                return substitutable(child == null ? null : new TypeNodes.ParameterPackExpansion(child));
            }
            case 'o':
            case 'O':
            case 'w':
            case 'x':
                return substitutable(parseFunctionType());
            default:
                return plain(null);
        }
    }

    /** {@code [<CV>] [Do | DO <expr> E | Dw <type>+ E] [Dx] F [Y] <ret> <params> [R|O] E}. */
    private Node parseFunctionType() {
        int quals = p.parseCVQualifiers();
        Node exceptionSpec = null;
        if (p.consumeIf("Do")) {
            exceptionSpec = new NameType("noexcept");
        } else if (p.consumeIf("DO")) {
            Node e = p.expr.parseExpr();
            if (e == null || !p.consumeIf('E')) {
                return null;
            }
            exceptionSpec = new TypeNodes.NoexceptSpec(e);
        } else if (p.consumeIf("Dw")) {
            List<Node> types = new ArrayList<>();
            while (!p.consumeIf('E')) {
                Node t = parseType();
                if (t == null) {
                    return null;
                }
                types.add(t);
            }
            exceptionSpec = new TypeNodes.DynamicExceptionSpec(types);
        }
        p.consumeIf("Dx"); // transaction safe
        if (!p.consumeIf('F')) {
            return null;
        }
        p.consumeIf('Y'); // extern "C"
        Node ret = parseType();
        if (ret == null) {
            return null;
        }
        RefQual refQual = RefQual.NONE;
        List<Node> params = new ArrayList<>();
        while (true) {
            if (p.consumeIf('E')) {
                break;
            }
            if (p.consumeIf('v')) {
                continue;
            }
            if (p.consumeIf("RE")) {
                refQual = RefQual.LVALUE;
                break;
            }
            if (p.consumeIf("OE")) {
                refQual = RefQual.RVALUE;
                break;
            }
            Node t = parseType();
            if (t == null) {
                return null;
            }
            params.add(t);
        }
        return new TypeNodes.FunctionType(ret, params, quals, refQual, exceptionSpec);
    }

    /** {@code Dv <n> _ <type>}, {@code Dv <n> _ p} (AltiVec pixel), {@code Dv [<expr>] _ <type>}. */
    private Node parseVectorType() {
        if (!p.consumeIf("Dv")) {
            return null;
        }
        if (p.look() >= '1' && p.look() <= '9') {
            Node dimension = new NameType(p.parseNumber(false));
            if (!p.consumeIf('_')) {
                return null;
            }
            if (p.consumeIf('p')) {
                return new TypeNodes.PixelVectorType(dimension);
            }
            Node element = parseType();
            return element == null ? null : new TypeNodes.VectorType(element, dimension);
        }
        Node dimension = null;
        if (!p.consumeIf('_')) {
            dimension = p.expr.parseExpr();
            if (dimension == null || !p.consumeIf('_')) {
                return null;
            }
        }
        Node element = parseType();
        return element == null ? null : new TypeNodes.VectorType(element, dimension);
    }

    /** {@code Dt <expr> E} or {@code DT <expr> E}. */
    Node parseDecltype() {
        if (!p.consumeIf('D')) {
            return null;
        }
        if (!p.consumeIf('t') && !p.consumeIf('T')) {
            return null;
        }
        Node e = p.expr.parseExpr();
        if (e == null || !p.consumeIf('E')) {
            return null;
        }
        return new ExprNodes.EnclosingExpr("decltype", e, Node.Prec.PRIMARY);
    }

    /** {@code A <n> _ <type>} or {@code A [<expr>] _ <type>}. */
    private Node parseArrayType() {
        if (!p.consumeIf('A')) {
            return null;
        }
        Node dimension = null;
        if (ItaniumParser.isDigit(p.look())) {
            dimension = new NameType(p.parseNumber(false));
            if (!p.consumeIf('_')) {
                return null;
            }
        } else if (!p.consumeIf('_')) {
            dimension = p.expr.parseExpr();
            if (dimension == null || !p.consumeIf('_')) {
                return null;
            }
        }
        Node element = parseType();
        return element == null ? null : new TypeNodes.ArrayType(element, dimension);
    }

    private Node parsePointerToMemberType() {
        if (!p.consumeIf('M')) {
            return null;
        }
        Node classType = parseType();
        if (classType == null) {
            return null;
        }
        Node memberType = parseType();
        return memberType == null ? null : new TypeNodes.PointerToMemberType(classType, memberType);
    }

    /** {@code <name>}, or {@code Ts|Tu|Te <name>} for dependent elaborated type specifiers. */
    private Node parseClassEnumType() {
        String elaborated = null;
        if (p.consumeIf("Ts")) {
            elaborated = "struct";
        } else if (p.consumeIf("Tu")) {
            elaborated = "union";
        } else if (p.consumeIf("Te")) {
            elaborated = "enum";
        }
        Node name = p.parseName(null);
        if (name == null) {
            return null;
        }
        return elaborated == null ? name : new TypeNodes.ElaboratedType(elaborated, name);
    }

    /** {@code U <vendor qualifier> [<template-args>] <type>} or {@code <CV-qualifiers> <type>}. */
    private Node parseQualifiedType() {
        p.enter();
        Node result = parseQualifiedTypeInner();
        p.leave();
        return result;
    }

    private Node parseQualifiedTypeInner() {
        if (p.consumeIf('U')) {
            String qual = p.parseBareSourceName();
            if (qual == null || qual.isEmpty()) {
                return null;
            }
            if (qual.startsWith("objcproto")) {
                // U <k0> objcproto <k1> <identifier> <type>: an Objective-C protocol-qualified id.
                String rest = qual.substring("objcproto".length());
                int digits = 0;
                while (digits < rest.length() && ItaniumParser.isDigit(rest.charAt(digits))) {
                    digits++;
                }
                if (digits == 0) {
                    return null;
                }
                long length = 0;
                for (int i = 0; i < digits; i++) {
                    length = length * 10 + (rest.charAt(i) - '0');
                }
                if (Long.compareUnsigned(rest.length() - digits, length) < 0 || length == 0) {
                    return null;
                }
                String protocol = rest.substring(digits, digits + (int) length);
                Node child = parseQualifiedType();
                return child == null ? null : new TypeNodes.ObjCProtoName(child, protocol);
            }
            Node args = null;
            if (p.look() == 'I') {
                args = p.parseTemplateArgs(false);
                if (args == null) {
                    return null;
                }
            }
            Node child = parseQualifiedType();
            return child == null ? null : new TypeNodes.VendorExtQualType(child, qual, args);
        }
        int quals = p.parseCVQualifiers();
        Node type = parseType();
        if (type == null) {
            return null;
        }
        return quals != 0 ? new TypeNodes.QualType(type, quals) : type;
    }
}
