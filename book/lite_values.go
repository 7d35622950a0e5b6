package book

import (
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The light reader's values: plain, quoted and one-line flow scalars and
// collections (lite.go reads the blocks they sit in).

// inline reads the value that starts at vs and fills the rest of the line.
func (l *lite) inline(vs, end int) *yaml.Node {
	var n *yaml.Node
	j := end
	switch c := l.src[vs]; {
	case c == '"' || c == '\'':
		n, j = l.quoted(vs, end)
	case c == '{' || c == '[':
		n, j = l.flow(vs, end)
	case c == '-' && vs+1 < end && l.src[vs+1] != ' ':
		// a negative figure: a plain scalar
	case strings.IndexByte(indicators, c) >= 0:
		giveUp()
	}
	if n == nil {
		// A plain scalar runs to a comment or the end of the line.
		e := vs
		for e < end && (l.src[e] != '#' || l.src[e-1] != ' ') {
			if l.src[e] == ':' && (e+1 == end || l.src[e+1] == ' ') {
				giveUp()
			}
			e++
		}
		text := strings.TrimRight(l.src[vs:e], " ")
		n = l.node(yaml.ScalarNode, plainTag(text), text, vs)
		j = e
	}
	for j < end && l.src[j] == ' ' {
		j++
	}
	if j < end && (l.src[j] != '#' || l.src[j-1] != ' ') {
		giveUp()
	}
	l.consume()
	return n
}

// flow reads a one-line {…} or […] starting at i; it returns the node and
// where it ends.
func (l *lite) flow(i, end int) (*yaml.Node, int) {
	open := l.src[i]
	kind, tag, closer := yaml.MappingNode, "!!map", byte('}')
	if open == '[' {
		kind, tag, closer = yaml.SequenceNode, "!!seq", ']'
	}
	n := l.node(kind, tag, "", i)
	n.Style = yaml.FlowStyle
	base := len(l.stack)
	i++
	for {
		i = l.spaces(i, end)
		if i == end {
			giveUp()
		}
		if l.src[i] == closer {
			break
		}
		if kind == yaml.MappingNode {
			ks := i
			if strings.IndexByte(indicators, l.src[ks]) >= 0 {
				giveUp()
			}
			for i < end && !(l.src[i] == ':' && i+1 < end && l.src[i+1] == ' ') {
				if strings.IndexByte(",[]{}#", l.src[i]) >= 0 {
					giveUp()
				}
				i++
			}
			if i == end {
				giveUp()
			}
			text := strings.TrimRight(l.src[ks:i], " ")
			l.stack = append(l.stack, l.node(yaml.ScalarNode, plainTag(text), text, ks))
			i = l.spaces(i+1, end)
			if i == end {
				giveUp()
			}
		}
		var v *yaml.Node
		v, i = l.flowValue(i, end)
		l.stack = append(l.stack, v)
		i = l.spaces(i, end)
		if i == end {
			giveUp()
		}
		if l.src[i] == ',' {
			i++
			continue
		}
		if l.src[i] != closer {
			giveUp()
		}
		break
	}
	l.content(n, base)
	return n, i + 1
}

func (l *lite) spaces(i, end int) int {
	for i < end && l.src[i] == ' ' {
		i++
	}
	return i
}

func (l *lite) flowValue(i, end int) (*yaml.Node, int) {
	switch c := l.src[i]; {
	case c == '"' || c == '\'':
		return l.quoted(i, end)
	case c == '{' || c == '[':
		return l.flow(i, end)
	case c == '-' && i+1 < end && strings.IndexByte(" ,[]{}", l.src[i+1]) < 0:
		// a negative figure: a plain scalar
	case strings.IndexByte(indicators, c) >= 0:
		giveUp()
	}
	j := i
	for ; j < end; j++ {
		c := l.src[j]
		if strings.IndexByte(",[]{}", c) >= 0 {
			break
		}
		if (c == ':' && (j+1 == end || strings.IndexByte(" ,[]{}", l.src[j+1]) >= 0)) || (c == '#' && l.src[j-1] == ' ') {
			giveUp()
		}
	}
	text := strings.TrimRight(l.src[i:j], " ")
	if text == "" {
		giveUp()
	}
	return l.node(yaml.ScalarNode, plainTag(text), text, i), j
}

// quoted reads a one-line quoted scalar starting at i.
func (l *lite) quoted(i, end int) (*yaml.Node, int) {
	q := l.src[i]
	var b *strings.Builder
	j := i + 1
	lit := j
	for ; ; j++ {
		if j >= end {
			giveUp() // continued on the next line
		}
		c := l.src[j]
		if q == '\'' && c == '\'' {
			if j+1 < end && l.src[j+1] == '\'' {
				if b == nil {
					b = &strings.Builder{}
				}
				b.WriteString(l.src[lit : j+1])
				j++
				lit = j + 1
				continue
			}
			break
		}
		if q == '"' && c == '"' {
			break
		}
		if q == '"' && c == '\\' {
			if b == nil {
				b = &strings.Builder{}
			}
			b.WriteString(l.src[lit:j])
			j = l.escape(b, j+1, end)
			lit = j + 1
		}
	}
	text := l.src[lit:j]
	if b != nil {
		b.WriteString(text)
		text = b.String()
	}
	n := l.node(yaml.ScalarNode, "!!str", text, i)
	n.Style = yaml.DoubleQuotedStyle
	if q == '\'' {
		n.Style = yaml.SingleQuotedStyle
	}
	return n, j + 1
}

// escape writes the character of the escape at i (after the backslash)
// and returns the index of its last byte.
func (l *lite) escape(b *strings.Builder, i, end int) int {
	if i >= end {
		giveUp()
	}
	if r, ok := simpleEscapes[l.src[i]]; ok {
		b.WriteRune(r)
		return i
	}
	digits := hexEscapes[l.src[i]]
	if digits == 0 || i+digits >= end {
		giveUp()
	}
	v, err := strconv.ParseUint(l.src[i+1:i+1+digits], 16, 32)
	if err != nil || (v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff {
		giveUp()
	}
	b.WriteRune(rune(v))
	return i + digits
}
