package qti

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseSpecExamples(t *testing.T) {
	tests := []struct {
		file string
		want Item
	}{
		{"choice.xml", Item{Identifier: "choice", Title: "Unattended Luggage", Kind: SingleChoice,
			Prompt: "Look at the text in the picture.\n\nNEVER LEAVE LUGGAGE UNATTENDED\n\nWhat does it say?",
			Choices: []Choice{
				{"ChoiceA", "You must stay with your luggage at all times.", true},
				{"ChoiceB", "Do not let someone else look after your luggage.", false},
				{"ChoiceC", "Remember your luggage when you leave.", false},
			}}},
		{"choice_multiple.xml", Item{Identifier: "choiceMultiple", Title: "Composition of Water", Kind: MultipleChoice,
			Prompt: "Which of the following elements are used to form water?",
			Choices: []Choice{{"H", "Hydrogen", true}, {"He", "Helium", false}, {"C", "Carbon", false},
				{"O", "Oxygen", true}, {"N", "Nitrogen", false}, {"Cl", "Chlorine", false}}}},
		{"text_entry.xml", Item{Identifier: "textEntry", Title: "Richard III (Take 3)", Kind: TextEntry,
			Prompt: "Identify the missing word in this famous quote from Shakespeare's Richard III.\n\n" +
				"Now is the winter of our discontent\nMade glorious summer by this sun of ____ ;\n" +
				"And all the clouds that lour'd upon our house\nIn the deep bosom of the ocean buried.",
			Accepted: []string{"York", "york"}, CaseSensitive: true}},
		{"extended_text.xml", Item{Identifier: "extendedText", Title: "Writing a Postcard", Kind: ExtendedText,
			Prompt: "Read this postcard from your English pen-friend, Sam.\n\nWrite Sam a postcard. Answer the questions. Write 25-35 words.",
			Rubric: "The content of the postcard should be written in the present tense."}},
		{"order.xml", Item{Identifier: "order", Title: "Grand Prix of Bahrain", Kind: Order,
			Prompt:  "The following F1 drivers finished on the podium in the first ever Grand Prix of Bahrain. Can you rearrange them into the correct finishing order?",
			Choices: []Choice{{"DriverC", "Michael Schumacher", false}, {"DriverA", "Rubens Barrichello", false}, {"DriverB", "Jenson Button", false}}}},
		{"match.xml", Item{Identifier: "match", Title: "Characters and Plays", Kind: Match,
			Prompt: "Match the following characters to the Shakespeare play they appeared in:",
			Pairs: []Pair{{"Capulet", "Romeo and Juliet"}, {"Demetrius", "A Midsummer-Night's Dream"},
				{"Lysander", "A Midsummer-Night's Dream"}, {"Prospero", "The Tempest"}}}},
		{"choice_v3.xml", Item{Identifier: "choice-v3", Title: "Capital of Viet Nam", Kind: SingleChoice,
			Prompt:  "Thủ đô của Việt Nam là thành phố nào?",
			Choices: []Choice{{"A", "Thành phố Hồ Chí Minh", false}, {"B", "Hà Nội", true}, {"C", "Đà Nẵng", false}}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := Parse(readTestdata(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("got  %#v\nwant %#v", *got, tt.want)
			}
		})
	}
}

func TestParseRefusesHostileAndBrokenItems(t *testing.T) {
	huge := "<assessmentItem xmlns=\"" + NamespaceV2p1 + "\"><itemBody><p>" + strings.Repeat("a", MaxItemSize) + "</p></itemBody></assessmentItem>"
	deep := "<assessmentItem xmlns=\"" + NamespaceV2p1 + "\"><itemBody>" + strings.Repeat("<div>", 100) + strings.Repeat("</div>", 100) + "</itemBody></assessmentItem>"
	tests := []struct {
		name, doc string
		want      error
		says      string
	}{
		{"entity bomb", string(readTestdata(t, "entity_bomb.xml")), ErrDoctype, "DOCTYPE"},
		{"external entity", `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><assessmentItem xmlns="` + NamespaceV2p1 + `">&e;</assessmentItem>`, ErrDoctype, "DOCTYPE"},
		{"undeclared entity", `<assessmentItem xmlns="` + NamespaceV2p1 + `"><itemBody><p>&e;</p></itemBody></assessmentItem>`, ErrMalformed, "entity"},
		{"oversize", huge, ErrTooLarge, "2 MiB"},
		{"too deep", deep, ErrMalformed, "deeper than 64"},
		{"missing correctResponse", string(readTestdata(t, "no_correct.xml")), ErrNoCorrect, "no correctResponse value"},
		{"no declaration", strings.Replace(string(readTestdata(t, "choice.xml")), `identifier="RESPONSE" cardinality`, `identifier="OTHER" cardinality`, 1), ErrNoCorrect, `no responseDeclaration with identifier "RESPONSE"`},
		{"wrong root", `<assessmentTest xmlns="` + NamespaceV2p1 + `"/>`, ErrNotItem, "<assessmentTest>"},
		{"wrong namespace", `<assessmentItem xmlns="http://example.com/x"/>`, ErrNotItem, "example.com"},
		{"not xml", `hello`, ErrNotItem, "no root"},
		{"truncated", `<assessmentItem xmlns="` + NamespaceV2p1 + `"><itemBody>`, ErrMalformed, "malformed"},
		{"unknown key", strings.Replace(string(readTestdata(t, "choice.xml")), "<value>ChoiceA</value>", "<value>ChoiceZ</value>", 1), ErrInvalidItem, `"ChoiceZ"`},
		{"two interactions", `<assessmentItem xmlns="` + NamespaceV2p1 + `"><itemBody><p>x</p><extendedTextInteraction responseIdentifier="A"/><extendedTextInteraction responseIdentifier="B"/></itemBody></assessmentItem>`, ErrUnsupported, "2 interactions"},
		{"unsupported", `<assessmentItem xmlns="` + NamespaceV2p1 + `"><itemBody><hotspotInteraction responseIdentifier="A"/></itemBody></assessmentItem>`, ErrUnsupported, "hotspotInteraction"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it, err := Parse([]byte(tt.doc))
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, %v; want %v", it, err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.says) {
				t.Errorf("error %q does not say %q", err, tt.says)
			}
		})
	}
}
