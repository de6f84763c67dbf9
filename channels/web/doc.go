// Package web is the web chat channel: a widget any page embeds with one
// script tag, a WebSocket endpoint speaking the JSON protocol of
// docs/web-chat-protocol.md, and file downloads. (The demo front page that
// embeds it is package frontpage.)
//
// A citizen's address on this channel is their resume token: a random value
// the widget keeps in localStorage, which brings the conversation back after
// a reload. Everything sent to a socket goes through its connection's writer
// queue; an idle connection holds no goroutine (see conn.go and poll_linux.go).
//
// The widget is one script for the page (widget.js: one tag, one request)
// kept in the source as the parts in assets/widget/, which the server joins
// in the order of their names once at start (site.go).
//
// # What the idle connection assumes of gorilla/websocket
//
// An idle connection holds no goroutine and no read buffer because
// frameConn (framing.go) sits between the socket and gorilla's reader and
// never offers gorilla a byte past the end of the frame it is reading, so
// that between messages every unread byte is in frameConn, where settle
// sees it and the poller (poll_linux.go) can wait for more. That holds only
// while gorilla (the version in go.mod) behaves as follows;
// TestGorillaReaderAssumptions checks each point and fails the day an
// upgrade changes one:
//
//  1. Upgrader.Upgrade with ReadBufferSize set reads the connection only
//     through the net.Conn that Hijack returns (the frameConn), with a
//     bufio.Reader of its own of that size (at least 125 bytes, the largest
//     control payload): the HTTP server's 4 KiB reader is let go, and no
//     byte reaches gorilla around frameConn.
//  2. Gorilla reads only when asked: NextReader reads the next frame's
//     header, a message's reader returns io.EOF at the end of its final
//     frame without reading further, and nothing reads in the background.
//     With frameConn offering one frame at a time, gorilla's buffer is
//     therefore empty once a message is read to its end.
//  3. Gorilla takes a frame as frameConn offers it: a read that ends at a
//     frame's end, short of what was asked, and control frames inside a
//     fragmented message (gorilla answers those; the pings and pongs
//     between messages never reach it, settle answers them).
//  4. With a WriteBufferPool, a message's write buffer is taken from the
//     pool for the write and given back once the frame is flushed;
//     WriteControl uses none. So an idle connection holds no write buffer.
package web
