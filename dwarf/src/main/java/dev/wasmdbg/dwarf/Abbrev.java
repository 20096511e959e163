package dev.wasmdbg.dwarf;

/**
 * One abbreviation declaration: a DIE's tag, whether it has children, and its attribute list
 * (names and forms, plus the constant of each DW_FORM_implicit_const).
 */
record Abbrev(long code, int tag, boolean hasChildren, int[] names, int[] forms, long[] implicitConsts) {

    int indexOf(int name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i] == name) {
                return i;
            }
        }
        return -1;
    }
}
