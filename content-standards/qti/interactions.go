package qti

import (
	"fmt"
	"slices"
	"strings"
)

// readTextEntry takes the correct value and every mapped key as accepted answers.
// QTI compares strings case-sensitively unless a mapEntry says otherwise.
func readTextEntry(it *Item, decl *node, id string) error {
	correct, err := correctValues(decl, id)
	if err != nil {
		return err
	}
	it.Kind = TextEntry
	it.CaseSensitive = true
	it.Accepted = append(it.Accepted, correct[0])
	if m := decl.child("mapping"); m != nil {
		for _, e := range m.children("mapEntry") {
			if e.attrs["caseSensitive"] == "false" {
				it.CaseSensitive = false
			}
			k := strings.TrimSpace(e.attrs["mapKey"])
			if k != "" && !slices.Contains(it.Accepted, k) && !strings.HasPrefix(strings.TrimSpace(e.attrs["mappedValue"]), "-") && strings.TrimSpace(e.attrs["mappedValue"]) != "0" {
				it.Accepted = append(it.Accepted, k)
			}
		}
	}
	return nil
}

// readOrder puts the pieces in the correct order.
func readOrder(it *Item, in, decl *node, id string) error {
	correct, err := correctValues(decl, id)
	if err != nil {
		return err
	}
	it.Kind = Order
	if err := readChoices(it, in, nil); err != nil {
		return err
	}
	if len(correct) != len(it.Choices) {
		return fmt.Errorf("%w: the correct order lists %d of %d choices", ErrInvalidItem, len(correct), len(it.Choices))
	}
	byID := map[string]Choice{}
	for _, c := range it.Choices {
		byID[c.Identifier] = c
	}
	it.Choices = it.Choices[:0]
	for _, v := range correct {
		c, ok := byID[v]
		if !ok {
			return fmt.Errorf("%w: the correct order names %q, which is not a choice", ErrInvalidItem, v)
		}
		delete(byID, v)
		it.Choices = append(it.Choices, c)
	}
	return nil
}

// readMatch reads the correct "source target" pairs of the two match sets as texts.
func readMatch(it *Item, in, decl *node, id string) error {
	correct, err := correctValues(decl, id)
	if err != nil {
		return err
	}
	it.Kind = Match
	sets := in.children("simpleMatchSet")
	if len(sets) != 2 {
		return fmt.Errorf("%w: a matchInteraction needs two simpleMatchSet elements, it has %d", ErrInvalidItem, len(sets))
	}
	text := map[string]string{}
	for _, s := range sets {
		for _, c := range s.children("simpleAssociableChoice") {
			text[c.attrs["identifier"]] = plainText(c)
		}
	}
	for _, v := range correct {
		f := strings.Fields(v)
		if len(f) != 2 {
			return fmt.Errorf("%w: the correct pair %q is not two identifiers", ErrInvalidItem, v)
		}
		l, ok1 := text[f[0]]
		r, ok2 := text[f[1]]
		if !ok1 || !ok2 {
			return fmt.Errorf("%w: the correct pair %q names an unknown choice", ErrInvalidItem, v)
		}
		it.Pairs = append(it.Pairs, Pair{Left: l, Right: r})
	}
	return nil
}
