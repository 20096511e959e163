package dev.wasmdbg.dwarf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wasmdbg.testkit.TestModules;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Type layouts from real modules, checked against their sources (test-modules/src/fact.c,
 * shapes.cpp), and from hand-built DIEs for the cases the compilers did not produce.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TypesTest {

    private static Dwarf read(String module) throws Exception {
        return Dwarf.read(TestModules.wasm(module));
    }

    /** The DIE of a function (by DW_AT_name) in the unit of a source file. */
    static Die function(Dwarf dwarf, String unitSuffix, String name) {
        for (Unit u : dwarf.units()) {
            if (u.name() == null || !u.name().endsWith(unitSuffix)) {
                continue;
            }
            for (Die d : u.dies()) {
                if (d.tag() == Dw.TAG_SUBPROGRAM && name.equals(d.string(Dw.AT_NAME))) {
                    return d;
                }
            }
        }
        throw new AssertionError("no function " + name + " in " + unitSuffix);
    }

    static Die child(Die scope, String name) {
        for (Die d : scope.children()) {
            if (name.equals(d.string(Dw.AT_NAME))) {
                return d;
            }
            if (d.tag() == Dw.TAG_LEXICAL_BLOCK) {
                try {
                    return child(d, name);
                } catch (AssertionError e) {
                    // not in this block
                }
            }
        }
        throw new AssertionError("no " + name + " in " + scope);
    }

    @Test
    void structPointFromFactC() throws Exception {
        Dwarf dwarf = read("fact-O0.wasm");
        TypeResolver types = TypeResolver.of(dwarf);
        // struct point { int x; int y; };  two 4-byte ints
        List<DwarfType> found = types.findTypes("point");
        assertThat(found).hasSize(1);
        DwarfType.Composite point = (DwarfType.Composite) found.get(0);
        assertThat(point.tag()).isEqualTo(Dw.TAG_STRUCTURE_TYPE);
        assertThat(point.byteSize()).isEqualTo(OptionalLong.of(8));
        assertThat(point.displayName()).isEqualTo("struct point");
        assertThat(point.members()).extracting(DwarfType.Member::name).containsExactly("x", "y");
        assertThat(point.members()).extracting(DwarfType.Member::byteOffset).containsExactly(0L, 4L);
        for (DwarfType.Member m : point.members()) {
            DwarfType.Base t = (DwarfType.Base) m.type().resolve();
            assertThat(t.name()).isEqualTo("int");
            assertThat(t.encoding()).isEqualTo(Dw.ATE_SIGNED);
            assertThat(t.byteSize()).isEqualTo(OptionalLong.of(4));
            assertThat(m.isBitField()).isFalse();
        }
    }

    @Test
    void variablesOfFactC() throws Exception {
        Dwarf dwarf = read("fact-O0.wasm");
        TypeResolver types = TypeResolver.of(dwarf);
        Die main = function(dwarf, "fact.c", "main");
        // int values[5];
        DwarfType values = types.typeOf(child(main, "values"));
        assertThat(values.displayName()).isEqualTo("int[5]");
        assertThat(values.byteSize()).isEqualTo(OptionalLong.of(20));
        DwarfType.Array array = (DwarfType.Array) values;
        assertThat(array.dimensions()).containsExactly(new DwarfType.Dimension(0, 5));
        assertThat(array.element().resolve().name()).isEqualTo("int");
        // char **argv; struct point p;
        assertThat(types.typeOf(child(main, "argv")).displayName()).isEqualTo("char **");
        assertThat(types.typeOf(child(main, "p")).displayName()).isEqualTo("struct point");
        assertThat(types.typeOf(child(main, "all")).displayName()).isEqualTo("long long");
        assertThat(types.typeOf(child(main, "all")).byteSize()).isEqualTo(OptionalLong.of(8));

        // static void move(struct point *p, int dx, int dy)
        Die move = function(dwarf, "fact.c", "move");
        DwarfType p = types.typeOf(child(move, "p"));
        assertThat(p.displayName()).isEqualTo("struct point *");
        assertThat(p.byteSize()).isEqualTo(OptionalLong.of(4));
        DwarfType pointee = ((DwarfType.Pointer) p).target().resolve();
        assertThat(pointee).isSameAs(types.findTypes("point").get(0));
        assertThat(types.typeOf(move).displayName()).isEqualTo("void");

        // static int sum_squares(const int *values, int n)
        Die sum = function(dwarf, "fact.c", "sum_squares");
        DwarfType constIntPointer = types.typeOf(child(sum, "values"));
        assertThat(constIntPointer.displayName()).isEqualTo("const int *");
        DwarfType.Qualified constInt = (DwarfType.Qualified) ((DwarfType.Pointer) constIntPointer).target().resolve();
        assertThat(constInt.keyword()).isEqualTo("const");
        assertThat(constInt.strip().name()).isEqualTo("int");
        assertThat(constInt.byteSize()).isEqualTo(OptionalLong.of(4));

        // int counter; volatile int spinning;
        Die unit = main.parent().orElseThrow();
        assertThat(types.typeOf(child(unit, "spinning")).displayName()).isEqualTo("volatile int");
        assertThat(types.typeOf(child(unit, "counter")).displayName()).isEqualTo("int");
    }

    @Test
    void selfReferencingStructsFromWasiLibc() throws Exception {
        Dwarf dwarf = read("fact-O0.wasm");
        TypeResolver types = TypeResolver.of(dwarf);
        int found = 0;
        for (Unit u : dwarf.units()) {
            for (Die d : u.dies()) {
                if (d.tag() != Dw.TAG_STRUCTURE_TYPE || d.flag(Dw.AT_DECLARATION)) {
                    continue;
                }
                DwarfType.Composite s = (DwarfType.Composite) types.type(d);
                for (DwarfType.Member m : s.members()) {
                    if (m.type().resolve() instanceof DwarfType.Pointer ptr
                            && types.complete(ptr.target().resolve().strip()).offset() == s.offset()) {
                        found++;
                        assertThat(ptr.displayName()).isEqualTo(ptr.target().resolve().displayName() + " *");
                        assertThat(s.byteSize()).isPresent();
                    }
                }
            }
        }
        assertThat(found).as("struct members pointing to their own struct (musl's FILE has some)").isPositive();
    }

    @Test
    void classesAndTemplatesFromShapesCpp() throws Exception {
        Dwarf dwarf = read("shapes.wasm");
        TypeResolver types = TypeResolver.of(dwarf);
        // class Rect { ... int width_; int height_; };  in namespace geo
        DwarfType.Composite rect = (DwarfType.Composite) types.findType("geo::Rect").orElseThrow();
        assertThat(rect.tag()).isEqualTo(Dw.TAG_CLASS_TYPE);
        assertThat(rect.displayName()).isEqualTo("geo::Rect");
        assertThat(rect.byteSize()).isEqualTo(OptionalLong.of(8));
        assertThat(rect.members()).extracting(DwarfType.Member::name).containsExactly("width_", "height_");
        assertThat(rect.members()).extracting(DwarfType.Member::byteOffset).containsExactly(0L, 4L);

        // template <typename T> class Stack { std::vector<T> items_; };  a vector is three pointers on wasm32
        DwarfType.Composite stack = (DwarfType.Composite) types.findType("geo::Stack<int>").orElseThrow();
        DwarfType.Member items = stack.member("items_").orElseThrow();
        DwarfType vector = items.type().resolve();
        assertThat(vector.displayName()).startsWith("std::").contains("vector<int");
        assertThat(vector.byteSize()).isEqualTo(OptionalLong.of(12));
        assertThat(stack.byteSize()).isEqualTo(OptionalLong.of(12));
        assertThat(types.findTypes(vector.displayName())).contains(vector);
    }

    // ---- hand-built DIEs ----

    /** A C unit with the type shapes the compilers above did not emit, plus broken ones. */
    static final class Handmade {
        final DieBuilder b = new DieBuilder();
        final Dwarf dwarf;

        Handmade() {
            int cu = b.abbrev(Dw.TAG_COMPILE_UNIT, true, Dw.AT_LANGUAGE, Dw.FORM_DATA2);
            int base = b.abbrev(Dw.TAG_BASE_TYPE, false, Dw.AT_NAME, Dw.FORM_STRING, Dw.AT_ENCODING, Dw.FORM_DATA1,
                    Dw.AT_BYTE_SIZE, Dw.FORM_DATA1);
            int typedef = b.abbrev(Dw.TAG_TYPEDEF, false, Dw.AT_NAME, Dw.FORM_STRING, Dw.AT_TYPE, Dw.FORM_REF4);
            int constType = b.abbrev(Dw.TAG_CONST_TYPE, false, Dw.AT_TYPE, Dw.FORM_REF4);
            int volatileType = b.abbrev(Dw.TAG_VOLATILE_TYPE, false, Dw.AT_TYPE, Dw.FORM_REF4);
            int pointer = b.abbrev(Dw.TAG_POINTER_TYPE, false, Dw.AT_TYPE, Dw.FORM_REF4);
            int voidPointer = b.abbrev(Dw.TAG_POINTER_TYPE, false);
            int struct = b.abbrev(Dw.TAG_STRUCTURE_TYPE, true, Dw.AT_NAME, Dw.FORM_STRING, Dw.AT_BYTE_SIZE,
                    Dw.FORM_DATA1);
            int member = b.abbrev(Dw.TAG_MEMBER, false, Dw.AT_NAME, Dw.FORM_STRING, Dw.AT_TYPE, Dw.FORM_REF4,
                    Dw.AT_DATA_MEMBER_LOCATION, Dw.FORM_DATA1);
            int bitField = b.abbrev(Dw.TAG_MEMBER, false, Dw.AT_NAME, Dw.FORM_STRING, Dw.AT_TYPE, Dw.FORM_REF4,
                    Dw.AT_BIT_SIZE, Dw.FORM_DATA1, Dw.AT_DATA_BIT_OFFSET, Dw.FORM_DATA1);
            int exprMember = b.abbrev(Dw.TAG_MEMBER, false, Dw.AT_NAME, Dw.FORM_STRING, Dw.AT_TYPE, Dw.FORM_REF4,
                    Dw.AT_DATA_MEMBER_LOCATION, Dw.FORM_BLOCK1);
            int union = b.abbrev(Dw.TAG_UNION_TYPE, true, Dw.AT_NAME, Dw.FORM_STRING, Dw.AT_BYTE_SIZE, Dw.FORM_DATA1);
            int unionMember = b.abbrev(Dw.TAG_MEMBER, false, Dw.AT_NAME, Dw.FORM_STRING, Dw.AT_TYPE, Dw.FORM_REF4);
            int array = b.abbrev(Dw.TAG_ARRAY_TYPE, true, Dw.AT_TYPE, Dw.FORM_REF4);
            int countRange = b.abbrev(Dw.TAG_SUBRANGE_TYPE, false, Dw.AT_COUNT, Dw.FORM_DATA1);
            int upperRange = b.abbrev(Dw.TAG_SUBRANGE_TYPE, false, Dw.AT_UPPER_BOUND, Dw.FORM_DATA1);
            int openRange = b.abbrev(Dw.TAG_SUBRANGE_TYPE, false);
            int enumeration = b.abbrev(Dw.TAG_ENUMERATION_TYPE, true, Dw.AT_NAME, Dw.FORM_STRING, Dw.AT_TYPE,
                    Dw.FORM_REF4, Dw.AT_BYTE_SIZE, Dw.FORM_DATA1);
            int enumerator = b.abbrev(Dw.TAG_ENUMERATOR, false, Dw.AT_NAME, Dw.FORM_STRING, Dw.AT_CONST_VALUE,
                    Dw.FORM_DATA1);
            int function = b.abbrev(Dw.TAG_SUBROUTINE_TYPE, true, Dw.AT_TYPE, Dw.FORM_REF4);
            int param = b.abbrev(Dw.TAG_FORMAL_PARAMETER, false, Dw.AT_TYPE, Dw.FORM_REF4);
            int varargs = b.abbrev(0x18, false);
            int restrict = b.abbrev(Dw.TAG_RESTRICT_TYPE, false, Dw.AT_TYPE, Dw.FORM_REF4);

            b.die(null, cu, 0x0c); // DW_LANG_C99
            b.die("int", base, "int", Dw.ATE_SIGNED, 4);
            b.die("uint", base, "unsigned int", Dw.ATE_UNSIGNED, 4);
            b.die("char", base, "char", Dw.ATE_SIGNED_CHAR, 1);
            b.die("schar", base, "signed char", Dw.ATE_SIGNED_CHAR, 1);
            b.die("constChar", constType, new DieBuilder.Ref("char"));
            b.die("constCharPtr", pointer, new DieBuilder.Ref("constChar"));
            b.die("charPtr", pointer, new DieBuilder.Ref("char"));
            b.die("charPtrConst", constType, new DieBuilder.Ref("charPtr"));
            b.die("cvInt", volatileType, new DieBuilder.Ref("constInt"));
            b.die("constInt", constType, new DieBuilder.Ref("int"));
            b.die("voidPtr", voidPointer);
            b.die("restrictCharPtr", restrict, new DieBuilder.Ref("charPtr"));
            // struct node { int value; struct node *next; unsigned int flag : 3 (at bit 35); char c (at 8, as an expression) };
            b.die("node", struct, "node", 12);
            b.die(null, member, "value", new DieBuilder.Ref("int"), 0);
            b.die(null, member, "next", new DieBuilder.Ref("nodePtr"), 4);
            b.die(null, bitField, "flag", new DieBuilder.Ref("uint"), 3, 67);
            b.die(null, exprMember, "c", new DieBuilder.Ref("char"), Bytes.of(DwOp.PLUS_UCONST, 9));
            b.end();
            b.die("nodePtr", pointer, new DieBuilder.Ref("node"));
            b.die("u", union, "u", 4);
            b.die(null, unionMember, "i", new DieBuilder.Ref("int"));
            b.die(null, unionMember, "b", new DieBuilder.Ref("char"));
            b.end();
            // int grid[2][3]; (one dimension by count, one by upper bound); char tail[];
            b.die("grid", array, new DieBuilder.Ref("int"));
            b.die(null, countRange, 2);
            b.die(null, upperRange, 2);
            b.end();
            b.die("flexible", array, new DieBuilder.Ref("char"));
            b.die(null, openRange);
            b.end();
            b.die("gridPtr", pointer, new DieBuilder.Ref("grid"));
            b.die("ptrArray", array, new DieBuilder.Ref("charPtr"));
            b.die(null, countRange, 4);
            b.end();
            b.die("constArray", constType, new DieBuilder.Ref("ptrArray"));
            // enum sign : signed char { minus = -1, plus = 1 };
            b.die("sign", enumeration, "sign", new DieBuilder.Ref("schar"), 1);
            b.die(null, enumerator, "minus", 0xff);
            b.die(null, enumerator, "plus", 1);
            b.end();
            // int (*)(const char *, ...)
            b.die("fn", function, new DieBuilder.Ref("int"));
            b.die(null, param, new DieBuilder.Ref("constCharPtr"));
            b.die(null, varargs);
            b.end();
            b.die("fnPtr", pointer, new DieBuilder.Ref("fn"));
            b.die("sizeT", typedef, "size_t", new DieBuilder.Ref("uint"));
            // Cycles: typedef a -> typedef b -> a; const -> volatile -> const; a pointer to itself.
            b.die("loopA", typedef, "loop_a", new DieBuilder.Ref("loopB"));
            b.die("loopB", typedef, "loop_b", new DieBuilder.Ref("loopA"));
            b.die("cvLoop1", constType, new DieBuilder.Ref("cvLoop2"));
            b.die("cvLoop2", volatileType, new DieBuilder.Ref("cvLoop1"));
            b.die("selfPtr", pointer, new DieBuilder.Ref("selfPtr"));
            b.die("dangling", typedef, "dangling", new DieBuilder.Ref("int"));
            b.end();
            dwarf = b.dwarf();
        }

        DwarfType type(String label) {
            return TypeResolver.of(dwarf).resolve(b.offset(label));
        }
    }

    private static final Handmade HANDMADE = new Handmade();

    private static DwarfType t(String label) {
        return HANDMADE.type(label);
    }

    @Test
    void cDeclaratorNames() {
        assertThat(t("uint").displayName()).isEqualTo("unsigned int");
        assertThat(t("constCharPtr").displayName()).isEqualTo("const char *");
        assertThat(t("charPtrConst").displayName()).isEqualTo("char *const");
        assertThat(t("cvInt").displayName()).isEqualTo("const volatile int");
        assertThat(t("voidPtr").displayName()).isEqualTo("void *");
        assertThat(t("restrictCharPtr").displayName()).isEqualTo("char *restrict");
        assertThat(t("nodePtr").displayName()).isEqualTo("struct node *");
        assertThat(t("u").displayName()).isEqualTo("union u");
        assertThat(t("grid").displayName()).isEqualTo("int[2][3]");
        assertThat(t("flexible").displayName()).isEqualTo("char[]");
        assertThat(t("gridPtr").displayName()).isEqualTo("int (*)[2][3]");
        assertThat(t("ptrArray").displayName()).isEqualTo("char *[4]");
        assertThat(t("constArray").displayName()).isEqualTo("char *const[4]");
        assertThat(t("sign").displayName()).isEqualTo("enum sign");
        assertThat(t("fn").displayName()).isEqualTo("int (const char *, ...)");
        assertThat(t("fnPtr").displayName()).isEqualTo("int (*)(const char *, ...)");
        assertThat(t("sizeT").displayName()).isEqualTo("size_t");
        assertThat(t("nodePtr").displayName(false)).isEqualTo("node *");
    }

    @Test
    void layouts() {
        DwarfType.Composite node = (DwarfType.Composite) t("node");
        assertThat(node.members()).extracting(DwarfType.Member::name).containsExactly("value", "next", "flag", "c");
        assertThat(node.member("next").orElseThrow().type().resolve()).isSameAs(t("nodePtr"));
        assertThat(((DwarfType.Pointer) t("nodePtr")).target().resolve()).isSameAs(node);
        DwarfType.Member flag = node.member("flag").orElseThrow();
        assertThat(flag.isBitField()).isTrue();
        assertThat(flag.bitSize()).isEqualTo(3);
        assertThat(flag.dataBitOffset()).isEqualTo(67);
        assertThat(flag.byteOffset()).isEqualTo(8);
        DwarfType.Member c = node.member("c").orElseThrow();
        assertThat(c.byteOffset()).isEqualTo(9);
        assertThat(c.location().render()).isEqualTo("DW_OP_plus_uconst 0x9");

        DwarfType.Composite u = (DwarfType.Composite) t("u");
        assertThat(u.members()).extracting(DwarfType.Member::byteOffset).containsExactly(0L, 0L);

        assertThat(t("grid").byteSize()).isEqualTo(OptionalLong.of(24));
        assertThat(((DwarfType.Array) t("grid")).dimensions())
                .containsExactly(new DwarfType.Dimension(0, 2), new DwarfType.Dimension(0, 3));
        assertThat(t("flexible").byteSize()).isEmpty();
        assertThat(t("gridPtr").byteSize()).isEqualTo(OptionalLong.of(4));
        assertThat(t("sizeT").byteSize()).isEqualTo(OptionalLong.of(4));
        assertThat(t("sizeT").strip()).isSameAs(t("uint"));
        assertThat(t("cvInt").strip()).isSameAs(t("int"));
        assertThat(t("fn").byteSize()).isEmpty();

        DwarfType.Enumeration sign = (DwarfType.Enumeration) t("sign");
        assertThat(sign.enumerators()).containsExactly(new DwarfType.Enumerator("minus", -1),
                new DwarfType.Enumerator("plus", 1));
        assertThat(sign.byteSize()).isEqualTo(OptionalLong.of(1));
        DwarfType.Subroutine fn = (DwarfType.Subroutine) t("fn");
        assertThat(fn.variadic()).isTrue();
        assertThat(fn.parameters()).hasSize(1);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void cyclesWithoutANamedTypeAreErrors() {
        // Building them is fine (references are lazy); following them is not.
        assertThat(t("loopA")).isInstanceOf(DwarfType.Typedef.class);
        assertThat(t("loopA").displayName()).isEqualTo("loop_a");
        assertThatThrownBy(() -> t("loopA").strip()).isInstanceOf(DwarfException.class)
                .hasMessageContaining("refers back to itself");
        assertThatThrownBy(() -> t("loopA").byteSize()).isInstanceOf(DwarfException.class);
        assertThatThrownBy(() -> t("cvLoop1").displayName()).isInstanceOf(DwarfException.class)
                .hasMessageContaining(".debug_info");
        assertThatThrownBy(() -> t("cvLoop1").strip()).isInstanceOf(DwarfException.class);
        assertThatThrownBy(() -> t("cvLoop2").byteSize()).isInstanceOf(DwarfException.class);
        assertThatThrownBy(() -> t("selfPtr").displayName()).isInstanceOf(DwarfException.class);
        assertThat(t("selfPtr").byteSize()).isEqualTo(OptionalLong.of(4)); // a pointer's size needs no pointee
    }

    @Test
    void referencesToNothingAreErrors() {
        TypeResolver types = TypeResolver.of(HANDMADE.dwarf);
        assertThatThrownBy(() -> types.resolve(0x7fff)).isInstanceOf(DwarfException.class)
                .hasMessageContaining("type reference to no DIE");
        assertThat(Optional.of(types.resolve(HANDMADE.b.offset("int")))).containsSame(t("int"));
    }
}
