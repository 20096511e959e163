package dev.wasmdbg.demangle;

import java.util.List;

/** AST nodes for names, encodings, template arguments and template parameter declarations. */
final class NameNodes {
    private NameNodes() {}

    /** A list printed with commas, e.g. the arguments of {@code sizeof...}. */
    static final class NodeList extends Node {
        private final List<Node> items;

        NodeList(List<Node> items) {
            this.items = items;
        }

        @Override
        void printLeft(Output o) {
            printWithComma(o, items);
        }
    }

    /** A clone suffix after the encoding: {@code f() (.cold.1)}. */
    static final class DotSuffix extends Node {
        private final Node prefix;
        private final String suffix;

        DotSuffix(Node prefix, String suffix) {
            this.prefix = prefix;
            this.suffix = suffix;
        }

        @Override
        void printLeft(Output o) {
            prefix.print(o);
            o.append(" (").append(suffix).append(')');
        }
    }

    static final class ConversionOperatorType extends Node {
        private final Node type;

        ConversionOperatorType(Node type) {
            this.type = type;
        }

        @Override
        void printLeft(Output o) {
            o.append("operator ");
            type.print(o);
        }
    }

    static final class AbiTagAttr extends Node {
        private final Node base;
        private final String tag;

        AbiTagAttr(Node base, String tag) {
            super(base.rhsCache, base.arrayCache, base.functionCache);
            this.base = base;
            this.tag = tag;
        }

        @Override
        String baseName() {
            return base.baseName();
        }

        @Override
        void printLeft(Output o) {
            o.printLeft(base);
            o.append("[abi:").append(tag).append(']');
        }
    }

    static final class EnableIfAttr extends Node {
        private final List<Node> conditions;

        EnableIfAttr(List<Node> conditions) {
            this.conditions = conditions;
        }

        @Override
        void printLeft(Output o) {
            o.append(" [enable_if:");
            printWithComma(o, conditions);
            o.append(']');
        }
    }

    /** A function: return type (templates only), name, parameters, qualifiers, attributes. */
    static final class FunctionEncoding extends Node {
        private final Node ret;
        private final Node name;
        private final List<Node> params;
        private final Node attrs;
        private final Node requires;
        private final int quals;
        private final RefQual refQual;

        FunctionEncoding(Node ret, Node name, List<Node> params, Node attrs, Node requires, int quals,
                RefQual refQual) {
            super(Cache.YES, Cache.NO, Cache.YES);
            this.ret = ret;
            this.name = name;
            this.params = params;
            this.attrs = attrs;
            this.requires = requires;
            this.quals = quals;
            this.refQual = refQual;
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
            if (ret != null) {
                o.printLeft(ret);
                if (!ret.hasRhs(o)) {
                    o.append(' ');
                }
            }
            name.print(o);
        }

        @Override
        void printRight(Output o) {
            o.printOpen();
            printWithComma(o, params);
            o.printClose();
            if (ret != null) {
                o.printRight(ret);
            }
            printQuals(o, quals);
            TypeNodes.printRefQual(o, refQual);
            if (attrs != null) {
                attrs.print(o);
            }
            if (requires != null) {
                o.append(" requires ");
                requires.print(o);
            }
        }
    }

    static final class LiteralOperator extends Node {
        private final Node name;

        LiteralOperator(Node name) {
            this.name = name;
        }

        @Override
        void printLeft(Output o) {
            o.append("operator\"\" ");
            name.print(o);
        }
    }

    /** {@code vtable for X}, {@code guard variable for x}, thunks and the like. */
    static final class SpecialName extends Node {
        private final String special;
        private final Node child;

        SpecialName(String special, Node child) {
            this.special = special;
            this.child = child;
        }

        @Override
        void printLeft(Output o) {
            o.append(special);
            child.print(o);
        }
    }

    static final class CtorVtableSpecialName extends Node {
        private final Node first;
        private final Node second;

        CtorVtableSpecialName(Node first, Node second) {
            this.first = first;
            this.second = second;
        }

        @Override
        void printLeft(Output o) {
            o.append("construction vtable for ");
            first.print(o);
            o.append("-in-");
            second.print(o);
        }
    }

    /** {@code qualifier::name}: nested names, unresolved names and friends all print this way. */
    static final class QualifiedName extends Node {
        private final Node qualifier;
        private final Node name;
        private final String separator;

        QualifiedName(Node qualifier, Node name) {
            this(qualifier, name, "::");
        }

        QualifiedName(Node qualifier, Node name, String separator) {
            this.qualifier = qualifier;
            this.name = name;
            this.separator = separator;
        }

        @Override
        String baseName() {
            return name.baseName();
        }

        @Override
        void printLeft(Output o) {
            qualifier.print(o);
            o.append(separator);
            name.print(o);
        }
    }

    /** A C++20 module name, {@code a.b} or a partition {@code :p}. */
    static final class ModuleName extends Node {
        private final ModuleName parent;
        private final Node name;
        private final boolean partition;

        ModuleName(ModuleName parent, Node name, boolean partition) {
            this.parent = parent;
            this.name = name;
            this.partition = partition;
        }

        @Override
        void printLeft(Output o) {
            if (parent != null) {
                parent.print(o);
            }
            if (parent != null || partition) {
                o.append(partition ? ':' : '.');
            }
            name.print(o);
        }
    }

    static final class ModuleEntity extends Node {
        private final ModuleName module;
        private final Node name;

        ModuleEntity(ModuleName module, Node name) {
            this.module = module;
            this.name = name;
        }

        @Override
        String baseName() {
            return name.baseName();
        }

        @Override
        void printLeft(Output o) {
            name.print(o);
            o.append('@');
            module.print(o);
        }
    }

    /** An entity local to a function: {@code f()::x}. */
    static final class LocalName extends Node {
        private final Node encoding;
        private final Node entity;

        LocalName(Node encoding, Node entity) {
            this.encoding = encoding;
            this.entity = entity;
        }

        @Override
        void printLeft(Output o) {
            encoding.print(o);
            o.append("::");
            entity.print(o);
        }
    }

    static final class TemplateArgs extends Node {
        final List<Node> params;

        TemplateArgs(List<Node> params) {
            this.params = params;
        }

        @Override
        void printLeft(Output o) {
            boolean saved = o.insideTemplate;
            o.insideTemplate = true;
            o.append('<');
            printWithComma(o, params);
            o.append('>');
            o.insideTemplate = saved;
        }
    }

    static final class NameWithTemplateArgs extends Node {
        private final Node name;
        private final Node args;

        NameWithTemplateArgs(Node name, Node args) {
            this.name = name;
            this.args = args;
        }

        @Override
        String baseName() {
            return name.baseName();
        }

        @Override
        void printLeft(Output o) {
            name.print(o);
            args.print(o);
        }
    }

    static final class GlobalQualifiedName extends Node {
        private final Node child;

        GlobalQualifiedName(Node child) {
            this.child = child;
        }

        @Override
        String baseName() {
            return child.baseName();
        }

        @Override
        void printLeft(Output o) {
            o.append("::");
            child.print(o);
        }
    }

    /** A constructor or destructor: named after the class it belongs to. */
    static final class CtorDtorName extends Node {
        private final Node basename;
        private final boolean dtor;

        CtorDtorName(Node basename, boolean dtor) {
            this.basename = basename;
            this.dtor = dtor;
        }

        @Override
        void printLeft(Output o) {
            if (dtor) {
                o.append('~');
            }
            o.append(basename.baseName());
        }
    }

    static final class DtorName extends Node {
        private final Node base;

        DtorName(Node base) {
            this.base = base;
        }

        @Override
        void printLeft(Output o) {
            o.append('~');
            o.printLeft(base);
        }
    }

    static final class UnnamedTypeName extends Node {
        private final String count;

        UnnamedTypeName(String count) {
            this.count = count;
        }

        @Override
        void printLeft(Output o) {
            o.append("'unnamed").append(count).append('\'');
        }
    }

    /** A lambda's closure type: {@code 'lambda0'(int)}. */
    static final class ClosureTypeName extends Node {
        private final List<Node> templateParams;
        private final Node requires1;
        private final List<Node> params;
        private final Node requires2;
        private final String count;

        ClosureTypeName(List<Node> templateParams, Node requires1, List<Node> params, Node requires2, String count) {
            this.templateParams = templateParams;
            this.requires1 = requires1;
            this.params = params;
            this.requires2 = requires2;
            this.count = count;
        }

        void printDeclarator(Output o) {
            if (!templateParams.isEmpty()) {
                boolean saved = o.insideTemplate;
                o.insideTemplate = true;
                o.append('<');
                printWithComma(o, templateParams);
                o.append('>');
                o.insideTemplate = saved;
            }
            if (requires1 != null) {
                o.append(" requires ");
                requires1.print(o);
                o.append(' ');
            }
            o.printOpen();
            printWithComma(o, params);
            o.printClose();
            if (requires2 != null) {
                o.append(" requires ");
                requires2.print(o);
            }
        }

        @Override
        void printLeft(Output o) {
            o.append("'lambda").append(count).append('\'');
            printDeclarator(o);
        }
    }

    static final class StructuredBindingName extends Node {
        private final List<Node> bindings;

        StructuredBindingName(List<Node> bindings) {
            this.bindings = bindings;
        }

        @Override
        void printLeft(Output o) {
            o.printOpen('[');
            printWithComma(o, bindings);
            o.printClose(']');
        }
    }

    enum ParamKind { TYPE, NON_TYPE, TEMPLATE }

    /** A name invented for a lambda's template parameter: {@code $T}, {@code $N0}, {@code $TT1}. */
    static final class SyntheticTemplateParamName extends Node {
        private final ParamKind kind;
        private final int index;

        SyntheticTemplateParamName(ParamKind kind, int index) {
            this.kind = kind;
            this.index = index;
        }

        @Override
        void printLeft(Output o) {
            o.append(kind == ParamKind.TYPE ? "$T" : kind == ParamKind.NON_TYPE ? "$N" : "$TT");
            if (index > 0) {
                o.append(Integer.toString(index - 1));
            }
        }
    }

    /** A template argument that came with its parameter's declaration, which LLVM does not print. */
    static final class TemplateParamQualifiedArg extends Node {
        final Node arg;

        TemplateParamQualifiedArg(Node arg) {
            this.arg = arg;
        }

        @Override
        void printLeft(Output o) {
            arg.print(o);
        }
    }

    static final class TypeTemplateParamDecl extends Node {
        private final Node name;

        TypeTemplateParamDecl(Node name) {
            super(Cache.YES, Cache.NO, Cache.NO);
            this.name = name;
        }

        @Override
        void printLeft(Output o) {
            o.append("typename ");
        }

        @Override
        void printRight(Output o) {
            name.print(o);
        }
    }

    static final class ConstrainedTypeTemplateParamDecl extends Node {
        private final Node constraint;
        private final Node name;

        ConstrainedTypeTemplateParamDecl(Node constraint, Node name) {
            super(Cache.YES, Cache.NO, Cache.NO);
            this.constraint = constraint;
            this.name = name;
        }

        @Override
        void printLeft(Output o) {
            constraint.print(o);
            o.append(' ');
        }

        @Override
        void printRight(Output o) {
            name.print(o);
        }
    }

    static final class NonTypeTemplateParamDecl extends Node {
        private final Node name;
        private final Node type;

        NonTypeTemplateParamDecl(Node name, Node type) {
            super(Cache.YES, Cache.NO, Cache.NO);
            this.name = name;
            this.type = type;
        }

        @Override
        void printLeft(Output o) {
            o.printLeft(type);
            if (!type.hasRhs(o)) {
                o.append(' ');
            }
        }

        @Override
        void printRight(Output o) {
            name.print(o);
            o.printRight(type);
        }
    }

    static final class TemplateTemplateParamDecl extends Node {
        private final Node name;
        private final List<Node> params;
        private final Node requires;

        TemplateTemplateParamDecl(Node name, List<Node> params, Node requires) {
            super(Cache.YES, Cache.NO, Cache.NO);
            this.name = name;
            this.params = params;
            this.requires = requires;
        }

        @Override
        void printLeft(Output o) {
            boolean saved = o.insideTemplate;
            o.insideTemplate = true;
            o.append("template<");
            printWithComma(o, params);
            o.append("> typename ");
            o.insideTemplate = saved;
        }

        @Override
        void printRight(Output o) {
            name.print(o);
            if (requires != null) {
                o.append(" requires ");
                requires.print(o);
            }
        }
    }

    static final class TemplateParamPackDecl extends Node {
        private final Node param;

        TemplateParamPackDecl(Node param) {
            super(Cache.YES, Cache.NO, Cache.NO);
            this.param = param;
        }

        @Override
        void printLeft(Output o) {
            o.printLeft(param);
            o.append("...");
        }

        @Override
        void printRight(Output o) {
            o.printRight(param);
        }
    }
}
