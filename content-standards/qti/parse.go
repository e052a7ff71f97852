package qti

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

var interactionKinds = []string{"choiceInteraction", "textEntryInteraction",
	"extendedTextInteraction", "orderInteraction", "matchInteraction"}

// Parse reads one QTI assessment item document.
func Parse(data []byte) (*Item, error) {
	root, err := decodeTree(data)
	if err != nil {
		return nil, err
	}
	if root.name != "assessmentItem" {
		return nil, fmt.Errorf("qti: %w: the root element is <%s>, want <assessmentItem>", ErrNotItem, root.name)
	}
	switch root.space {
	case NamespaceV2p1, NamespaceV2p2, NamespaceV3p0:
	default:
		return nil, fmt.Errorf("qti: %w: namespace %q is not QTI 2.1, 2.2 or 3.0", ErrNotItem, root.space)
	}
	body := root.child("itemBody")
	if body == nil {
		return nil, fmt.Errorf("qti: %w: no itemBody", ErrInvalidItem)
	}
	found := body.find(interactionKinds...)
	if len(found) != 1 {
		all := body.find("associateInteraction", "gapMatchInteraction", "hotspotInteraction",
			"inlineChoiceInteraction", "sliderInteraction", "uploadInteraction", "hottextInteraction")
		if len(found) == 0 && len(all) > 0 {
			return nil, fmt.Errorf("qti: %w: <%s>", ErrUnsupported, all[0].name)
		}
		return nil, fmt.Errorf("qti: %w: the item has %d interactions, only items with exactly one are read", ErrUnsupported, len(found))
	}
	in := found[0]
	it := &Item{Identifier: root.attrs["identifier"], Title: strings.TrimSpace(root.attrs["title"])}
	it.Prompt = plainText(body)
	if p := in.child("prompt"); p != nil {
		it.Prompt = joinParas(it.Prompt, plainText(p))
	}
	if in.name == "textEntryInteraction" {
		it.Prompt = strings.TrimSuffix(strings.TrimSuffix(it.Prompt, Gap), "\n\n")
	}
	if it.Prompt == "" {
		return nil, fmt.Errorf("qti: %w: the item has no prompt text", ErrInvalidItem)
	}
	decl := declaration(root, in.attrs["responseIdentifier"])
	if err := readInteraction(it, in, decl); err != nil {
		return nil, fmt.Errorf("qti: item %q: %w", it.Identifier, err)
	}
	if it.Kind == ExtendedText {
		for _, r := range body.find("rubricBlock") {
			it.Rubric = joinParas(it.Rubric, plainText(r))
		}
	}
	return it, nil
}

func joinParas(a, b string) string {
	if a == "" || b == "" {
		return a + b
	}
	return a + "\n\n" + b
}

// declaration returns the responseDeclaration with the identifier, or nil.
func declaration(root *node, id string) *node {
	for _, d := range root.children("responseDeclaration") {
		if d.attrs["identifier"] == id {
			return d
		}
	}
	return nil
}

// correctValues returns the correct response values, or ErrNoCorrect.
func correctValues(decl *node, id string) ([]string, error) {
	if decl == nil {
		return nil, fmt.Errorf("%w: no responseDeclaration with identifier %q", ErrNoCorrect, id)
	}
	vals := decl.child("correctResponse").values()
	vals = slices.DeleteFunc(vals, func(v string) bool { return v == "" })
	if len(vals) == 0 {
		return nil, fmt.Errorf("%w: responseDeclaration %q has no correctResponse value", ErrNoCorrect, id)
	}
	return vals, nil
}

func readInteraction(it *Item, in, decl *node) error {
	id := in.attrs["responseIdentifier"]
	switch in.name {
	case "extendedTextInteraction":
		it.Kind = ExtendedText
		return nil
	case "choiceInteraction":
		return readChoice(it, in, decl, id)
	case "textEntryInteraction":
		return readTextEntry(it, decl, id)
	case "orderInteraction":
		return readOrder(it, in, decl, id)
	default:
		return readMatch(it, in, decl, id)
	}
}

func readChoice(it *Item, in, decl *node, id string) error {
	correct, err := correctValues(decl, id)
	if err != nil {
		return err
	}
	it.Kind = MultipleChoice
	if max, err := strconv.Atoi(strings.TrimSpace(in.attrs["maxChoices"])); err == nil && max == 1 {
		it.Kind = SingleChoice
	}
	if err := readChoices(it, in, correct); err != nil {
		return err
	}
	if it.Kind == SingleChoice && len(correct) != 1 {
		return fmt.Errorf("%w: maxChoices is 1 but %d correct values are given", ErrInvalidItem, len(correct))
	}
	return nil
}

func readChoices(it *Item, in *node, correct []string) error {
	known := map[string]bool{}
	for _, c := range in.children("simpleChoice") {
		cid := c.attrs["identifier"]
		if cid == "" || known[cid] {
			return fmt.Errorf("%w: a simpleChoice has a missing or repeated identifier %q", ErrInvalidItem, cid)
		}
		known[cid] = true
		it.Choices = append(it.Choices, Choice{Identifier: cid, Text: plainText(c), Correct: slices.Contains(correct, cid)})
	}
	if len(it.Choices) < 2 {
		return fmt.Errorf("%w: an interaction needs at least two simpleChoice elements", ErrInvalidItem)
	}
	for _, v := range correct {
		if !known[v] {
			return fmt.Errorf("%w: the correct response %q is not a simpleChoice identifier", ErrInvalidItem, v)
		}
	}
	return nil
}
