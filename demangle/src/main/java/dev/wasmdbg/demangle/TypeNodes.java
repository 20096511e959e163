package dev.wasmdbg.demangle;

import java.util.ArrayList;
import java.util.List;

/** AST nodes for types: builtins, qualifiers, pointers, references, arrays, functions, packs. */
final class TypeNodes {
    private TypeNodes() {}

    static final class NameType extends Node {
        final String name;

        NameType(String name) {
            this.name = name;
        }

        @Override
        String baseName() {
            return name;
        }

        @Override
        void printLeft(Output o) {
            o.append(name);
        }
    }

    static final class BitIntType extends Node {
        private final Node size;
        private final boolean signed;

        BitIntType(Node size, boolean signed) {
            this.size = size;
            this.signed = signed;
        }

        @Override
        void printLeft(Output o) {
            if (!signed) {
                o.append("unsigned ");
            }
            o.append("_BitInt");
            o.printOpen();
            size.printAsOperand(o);
            o.printClose();
        }
    }

    /** {@code struct X}, {@code union X}, {@code enum X} for dependent names. */
    static final class ElaboratedType extends Node {
        private final String kind;
        private final Node child;

        ElaboratedType(String kind, Node child) {
            this.kind = kind;
            this.child = child;
        }

        @Override
        void printLeft(Output o) {
            o.append(kind).append(' ');
            child.print(o);
        }
    }

    /** A vendor type transformation such as {@code __underlying_type(T)}. */
    static final class TransformedType extends Node {
        private final String transform;
        private final Node base;

        TransformedType(String transform, Node base) {
            this.transform = transform;
            this.base = base;
        }

        @Override
        void printLeft(Output o) {
            o.append(transform).append('(');
            base.print(o);
            o.append(')');
        }
    }

    static final class VendorExtQualType extends Node {
        private final Node type;
        private final String ext;
        private final Node templateArgs;

        VendorExtQualType(Node type, String ext, Node templateArgs) {
            this.type = type;
            this.ext = ext;
            this.templateArgs = templateArgs;
        }

        @Override
        void printLeft(Output o) {
            type.print(o);
            o.append(' ').append(ext);
            if (templateArgs != null) {
                templateArgs.print(o);
            }
        }
    }

    static final class QualType extends Node {
        final Node child;
        final int quals;

        QualType(Node child, int quals) {
            super(child.rhsCache, child.arrayCache, child.functionCache);
            this.child = child;
            this.quals = quals;
        }

        @Override
        boolean hasRhsSlow(Output o) {
            return child.hasRhs(o);
        }

        @Override
        boolean hasArraySlow(Output o) {
            return child.hasArray(o);
        }

        @Override
        boolean hasFunctionSlow(Output o) {
            return child.hasFunction(o);
        }

        @Override
        void printLeft(Output o) {
            o.printLeft(child);
            printQuals(o, quals);
        }

        @Override
        void printRight(Output o) {
            o.printRight(child);
        }
    }

    /** A type followed by a word: {@code T complex}, {@code C auto} (constrained placeholder). */
    static final class PostfixQualifiedType extends Node {
        private final Node type;
        private final String postfix;

        PostfixQualifiedType(Node type, String postfix) {
            this.type = type;
            this.postfix = postfix;
        }

        @Override
        void printLeft(Output o) {
            o.printLeft(type);
            o.append(postfix);
        }
    }

    static final class ObjCProtoName extends Node {
        private final Node type;
        final String protocol;

        ObjCProtoName(Node type, String protocol) {
            this.type = type;
            this.protocol = protocol;
        }

        boolean isObjCObject() {
            return type instanceof NameType && ((NameType) type).name.equals("objc_object");
        }

        @Override
        void printLeft(Output o) {
            type.print(o);
            o.append('<').append(protocol).append('>');
        }
    }

    static final class PointerType extends Node {
        private final Node pointee;

        PointerType(Node pointee) {
            super(pointee.rhsCache, Cache.NO, Cache.NO);
            this.pointee = pointee;
        }

        private boolean isObjCId() {
            return pointee instanceof ObjCProtoName && ((ObjCProtoName) pointee).isObjCObject();
        }

        @Override
        boolean hasRhsSlow(Output o) {
            return pointee.hasRhs(o);
        }

        @Override
        void printLeft(Output o) {
            if (isObjCId()) {
                o.append("id<").append(((ObjCProtoName) pointee).protocol).append('>');
                return;
            }
            o.printLeft(pointee);
            if (pointee.hasArray(o)) {
                o.append(' ');
            }
            if (pointee.hasArray(o) || pointee.hasFunction(o)) {
                o.append('(');
            }
            o.append('*');
        }

        @Override
        void printRight(Output o) {
            if (isObjCId()) {
                return;
            }
            if (pointee.hasArray(o) || pointee.hasFunction(o)) {
                o.append(')');
            }
            o.printRight(pointee);
        }
    }

    /** {@code T&} or {@code T&&}; references to references collapse as in C++. */
    static final class ReferenceType extends Node {
        final Node pointee;
        final boolean rvalue;
        private boolean printing;

        ReferenceType(Node pointee, boolean rvalue) {
            super(pointee.rhsCache, Cache.NO, Cache.NO);
            this.pointee = pointee;
            this.rvalue = rvalue;
        }

        @Override
        boolean hasRhsSlow(Output o) {
            return pointee.hasRhs(o);
        }

        /** The referenced type after collapsing, and whether the result is an rvalue reference. */
        private record Collapsed(Node target, boolean rvalue) {}

        private Collapsed collapse(Output o) {
            boolean rv = rvalue;
            Node target = pointee;
            // Substitutions can make an ill-formed name cyclic: Floyd's tortoise and hare.
            ArrayList<Node> chain = new ArrayList<>();
            while (true) {
                Node syntax = target.syntaxNode(o);
                if (!(syntax instanceof ReferenceType)) {
                    break;
                }
                ReferenceType inner = (ReferenceType) syntax;
                target = inner.pointee;
                rv = rv && inner.rvalue;
                chain.add(target);
                if (chain.size() > 1 && target == chain.get((chain.size() - 1) / 2)) {
                    return null;
                }
                o.enter(); // counts against the work budget
                o.leave();
            }
            return new Collapsed(target, rv);
        }

        @Override
        void printLeft(Output o) {
            if (printing) {
                return;
            }
            printing = true;
            Collapsed c = collapse(o);
            if (c != null) {
                o.printLeft(c.target);
                if (c.target.hasArray(o)) {
                    o.append(' ');
                }
                if (c.target.hasArray(o) || c.target.hasFunction(o)) {
                    o.append('(');
                }
                o.append(c.rvalue ? "&&" : "&");
            }
            printing = false;
        }

        @Override
        void printRight(Output o) {
            if (printing) {
                return;
            }
            printing = true;
            Collapsed c = collapse(o);
            if (c != null) {
                if (c.target.hasArray(o) || c.target.hasFunction(o)) {
                    o.append(')');
                }
                o.printRight(c.target);
            }
            printing = false;
        }
    }

    static final class PointerToMemberType extends Node {
        private final Node classType;
        private final Node memberType;

        PointerToMemberType(Node classType, Node memberType) {
            super(memberType.rhsCache, Cache.NO, Cache.NO);
            this.classType = classType;
            this.memberType = memberType;
        }

        @Override
        boolean hasRhsSlow(Output o) {
            return memberType.hasRhs(o);
        }

        @Override
        void printLeft(Output o) {
            o.printLeft(memberType);
            if (memberType.hasArray(o) || memberType.hasFunction(o)) {
                o.append('(');
            } else {
                o.append(' ');
            }
            classType.print(o);
            o.append("::*");
        }

        @Override
        void printRight(Output o) {
            if (memberType.hasArray(o) || memberType.hasFunction(o)) {
                o.append(')');
            }
            o.printRight(memberType);
        }
    }

    static final class ArrayType extends Node {
        final Node base;
        private final Node dimension;

        ArrayType(Node base, Node dimension) {
            super(Cache.YES, Cache.YES, Cache.NO);
            this.base = base;
            this.dimension = dimension;
        }

        @Override
        boolean hasRhsSlow(Output o) {
            return true;
        }

        @Override
        boolean hasArraySlow(Output o) {
            return true;
        }

        @Override
        void printLeft(Output o) {
            o.printLeft(base);
        }

        @Override
        void printRight(Output o) {
            if (o.last() != ']') {
                o.append(' ');
            }
            o.append('[');
            if (dimension != null) {
                dimension.print(o);
            }
            o.append(']');
            o.printRight(base);
        }

        @Override
        boolean printInitListAsType(Output o, List<Node> elements) {
            if (base instanceof NameType && ((NameType) base).name.equals("char")) {
                return ExprNodes.printAsString(o, elements);
            }
            return false;
        }
    }

    static final class FunctionType extends Node {
        private final Node ret;
        private final List<Node> params;
        private final int quals;
        private final RefQual refQual;
        private final Node exceptionSpec;

        FunctionType(Node ret, List<Node> params, int quals, RefQual refQual, Node exceptionSpec) {
            super(Cache.YES, Cache.NO, Cache.YES);
            this.ret = ret;
            this.params = params;
            this.quals = quals;
            this.refQual = refQual;
            this.exceptionSpec = exceptionSpec;
        }

        @Override
        boolean hasRhsSlow(Output o) {
            return true;
        }

        @Override
        boolean hasFunctionSlow(Output o) {
            return true;
        }

        @Override
        void printLeft(Output o) {
            o.printLeft(ret);
            o.append(' ');
        }

        @Override
        void printRight(Output o) {
            o.printOpen();
            printWithComma(o, params);
            o.printClose();
            o.printRight(ret);
            printQuals(o, quals);
            printRefQual(o, refQual);
            if (exceptionSpec != null) {
                o.append(' ');
                exceptionSpec.print(o);
            }
        }
    }

    static void printRefQual(Output o, Node.RefQual refQual) {
        if (refQual == Node.RefQual.LVALUE) {
            o.append(" &");
        } else if (refQual == Node.RefQual.RVALUE) {
            o.append(" &&");
        }
    }

    static final class NoexceptSpec extends Node {
        private final Node expr;

        NoexceptSpec(Node expr) {
            this.expr = expr;
        }

        @Override
        void printLeft(Output o) {
            o.append("noexcept");
            o.printOpen();
            expr.printAsOperand(o);
            o.printClose();
        }
    }

    static final class DynamicExceptionSpec extends Node {
        private final List<Node> types;

        DynamicExceptionSpec(List<Node> types) {
            this.types = types;
        }

        @Override
        void printLeft(Output o) {
            o.append("throw");
            o.printOpen();
            printWithComma(o, types);
            o.printClose();
        }
    }

    /** The explicit object parameter of a C++23 member function: {@code this Foo&& self}. */
    static final class ExplicitObjectParameter extends Node {
        private final Node base;

        ExplicitObjectParameter(Node base) {
            this.base = base;
        }

        @Override
        void printLeft(Output o) {
            o.append("this ");
            base.print(o);
        }
    }

    static final class VectorType extends Node {
        private final Node base;
        private final Node dimension;

        VectorType(Node base, Node dimension) {
            this.base = base;
            this.dimension = dimension;
        }

        @Override
        void printLeft(Output o) {
            base.print(o);
            o.append(" vector[");
            if (dimension != null) {
                dimension.print(o);
            }
            o.append(']');
        }
    }

    static final class PixelVectorType extends Node {
        private final Node dimension;

        PixelVectorType(Node dimension) {
            this.dimension = dimension;
        }

        @Override
        void printLeft(Output o) {
            o.append("pixel vector[");
            dimension.print(o);
            o.append(']');
        }
    }

    static final class BinaryFPType extends Node {
        private final Node dimension;

        BinaryFPType(Node dimension) {
            this.dimension = dimension;
        }

        @Override
        void printLeft(Output o) {
            o.append("_Float");
            dimension.print(o);
        }
    }

    /**
     * The elements of a template argument pack as stored in the template parameter table; prints
     * the element that the enclosing pack expansion is currently at.
     */
    static final class ParameterPack extends Node {
        final List<Node> data;

        ParameterPack(List<Node> data) {
            super(allNo(data, n -> n.rhsCache), allNo(data, n -> n.arrayCache), allNo(data, n -> n.functionCache));
            this.data = data;
        }

        private Node current(Output o) {
            if (o.packMax == Output.NO_PACK) {
                o.packMax = data.size();
                o.packIndex = 0;
            }
            int i = o.packIndex;
            return i >= 0 && i < data.size() ? data.get(i) : null;
        }

        @Override
        boolean hasRhsSlow(Output o) {
            Node n = current(o);
            return n != null && n.hasRhs(o);
        }

        @Override
        boolean hasArraySlow(Output o) {
            Node n = current(o);
            return n != null && n.hasArray(o);
        }

        @Override
        boolean hasFunctionSlow(Output o) {
            Node n = current(o);
            return n != null && n.hasFunction(o);
        }

        @Override
        Node syntaxNode(Output o) {
            Node n = current(o);
            if (n == null) {
                return this;
            }
            o.enter();
            Node s = n.syntaxNode(o);
            o.leave();
            return s;
        }

        @Override
        void printLeft(Output o) {
            Node n = current(o);
            if (n != null) {
                o.printLeft(n);
            }
        }

        @Override
        void printRight(Output o) {
            Node n = current(o);
            if (n != null) {
                o.printRight(n);
            }
        }
    }

    /** {@code J...E} in template arguments. */
    static final class TemplateArgumentPack extends Node {
        final List<Node> elements;

        TemplateArgumentPack(List<Node> elements) {
            this.elements = elements;
        }

        @Override
        void printLeft(Output o) {
            printWithComma(o, elements);
        }
    }

    /** A pack expansion: prints its child once per element of the pack found below it. */
    static final class ParameterPackExpansion extends Node {
        private final Node child;

        ParameterPackExpansion(Node child) {
            this.child = child;
        }

        @Override
        void printLeft(Output o) {
            int savedIndex = o.packIndex;
            int savedMax = o.packMax;
            o.packIndex = Output.NO_PACK;
            o.packMax = Output.NO_PACK;
            int start = o.position();
            child.print(o);
            if (o.packMax == Output.NO_PACK) {
                o.append("...");
            } else if (o.packMax == 0) {
                o.truncate(start);
            } else {
                for (int i = 1, end = o.packMax; i < end; i++) {
                    o.append(", ");
                    o.packIndex = i;
                    child.print(o);
                }
            }
            o.packIndex = savedIndex;
            o.packMax = savedMax;
        }
    }

    /**
     * A template parameter used before its arguments are known (in a conversion operator's type);
     * resolved once the enclosing encoding's template arguments have been parsed.
     */
    static final class ForwardTemplateReference extends Node {
        final long index;
        Node ref;
        private boolean printing;

        ForwardTemplateReference(long index) {
            super(Cache.UNKNOWN, Cache.UNKNOWN, Cache.UNKNOWN);
            this.index = index;
        }

        @Override
        boolean hasRhsSlow(Output o) {
            if (printing) {
                return false;
            }
            printing = true;
            boolean r = ref.hasRhs(o);
            printing = false;
            return r;
        }

        @Override
        boolean hasArraySlow(Output o) {
            if (printing) {
                return false;
            }
            printing = true;
            boolean r = ref.hasArray(o);
            printing = false;
            return r;
        }

        @Override
        boolean hasFunctionSlow(Output o) {
            if (printing) {
                return false;
            }
            printing = true;
            boolean r = ref.hasFunction(o);
            printing = false;
            return r;
        }

        @Override
        Node syntaxNode(Output o) {
            if (printing) {
                return this;
            }
            printing = true;
            o.enter();
            Node r = ref.syntaxNode(o);
            o.leave();
            printing = false;
            return r;
        }

        @Override
        void printLeft(Output o) {
            if (printing) {
                return;
            }
            printing = true;
            o.printLeft(ref);
            printing = false;
        }

        @Override
        void printRight(Output o) {
            if (printing) {
                return;
            }
            printing = true;
            o.printRight(ref);
            printing = false;
        }
    }

    /** The abbreviations {@code Sa Sb Ss Si So Sd}. */
    enum SpecialKind {
        ALLOCATOR("allocator"), BASIC_STRING("basic_string"), STRING("basic_string"),
        ISTREAM("basic_istream"), OSTREAM("basic_ostream"), IOSTREAM("basic_iostream");

        final String fullName;

        SpecialKind(String fullName) {
            this.fullName = fullName;
        }

        boolean isInstantiation() {
            return ordinal() >= STRING.ordinal();
        }
    }

    /** {@code std::string} and friends as written in a type. */
    static final class SpecialSubstitution extends Node {
        final SpecialKind kind;

        SpecialSubstitution(SpecialKind kind) {
            this.kind = kind;
        }

        @Override
        String baseName() {
            // The instantiations are typedefs without the "basic_" prefix.
            return kind.isInstantiation() ? kind.fullName.substring("basic_".length()) : kind.fullName;
        }

        @Override
        void printLeft(Output o) {
            o.append("std::").append(baseName());
        }
    }

    /** The same abbreviation spelled out, as it reads when it names a constructor's class. */
    static final class ExpandedSpecialSubstitution extends Node {
        private final SpecialKind kind;

        ExpandedSpecialSubstitution(SpecialKind kind) {
            this.kind = kind;
        }

        @Override
        String baseName() {
            return kind.fullName;
        }

        @Override
        void printLeft(Output o) {
            o.append("std::").append(kind.fullName);
            if (kind.isInstantiation()) {
                o.append("<char, std::char_traits<char>");
                if (kind == SpecialKind.STRING) {
                    o.append(", std::allocator<char>");
                }
                o.append('>');
            }
        }
    }
}
