package web

import (
	"time"

	"github.com/gorilla/websocket"
)

// push queues a batch of frames for the writer and starts it when it is
// not running; cn.mu is held. It reports false when limit batches are
// queued already. A connection that is ending takes the batch and drops it.
func (cn *conn) push(batch [][]byte, limit int) bool {
	if cn.closing || cn.ctx.Err() != nil {
		return true
	}
	if len(cn.queue) >= limit {
		return false
	}
	cn.queue = append(cn.queue, batch)
	if !cn.writing {
		cn.writing = true
		cn.wwg.Add(1)
		go cn.writeLoop()
	}
	return true
}

// send queues frames for the writer, waiting while half its queue is
// taken: the other half is kept for live frames, so that a client whose own
// requests keep the writer busy (a flood of refused messages) is not taken
// for a slow one. Only the connection's own goroutines (read burst,
// delivery) call it: waiting slows down this citizen alone. It reports
// false once the connection ends.
func (cn *conn) send(frames ...[]byte) bool {
	limit := max(1, cn.ch.opts.WriteBuffer/2)
	cn.mu.Lock()
	for {
		if cn.closing || cn.ctx.Err() != nil {
			cn.mu.Unlock()
			return false
		}
		if cn.push(frames, limit) {
			cn.mu.Unlock()
			return true
		}
		if cn.space == nil {
			cn.space = make(chan struct{})
		}
		space := cn.space
		cn.mu.Unlock()
		select {
		case <-space:
		case <-cn.ctx.Done():
			return false
		}
		cn.mu.Lock()
	}
}

// live queues a frame from elsewhere (a reply, a typing notice, a message
// from another tab) without waiting: a connection whose queue is full is a
// slow client and is dropped. Before the history replay is queued, frames
// are held so that they follow it.
func (cn *conn) live(frame []byte) {
	cn.mu.Lock()
	defer cn.mu.Unlock()
	if !cn.ready {
		if len(cn.held) >= maxHeld {
			cn.drop(websocket.CloseTryAgainLater, "slow client")
			return
		}
		cn.held = append(cn.held, frame)
		return
	}
	if !cn.push([][]byte{frame}, cn.ch.opts.WriteBuffer) {
		cn.drop(websocket.CloseTryAgainLater, "slow client")
	}
}

// sendError queues an error frame about the message id ("" for none).
func (cn *conn) sendError(code, id, arg string, retryAfter time.Duration) {
	cn.mu.Lock()
	lang := cn.lang
	cn.mu.Unlock()
	cn.send(encode(errorFrame{Type: "error", Code: code, Message: cn.ch.errorText(code, lang, arg), ID: id,
		RetryAfter: int(retryAfter / time.Millisecond)}))
}

// next takes the writer's next batch; ok is false when there is none or
// the connection ends, and the writer then stops.
func (cn *conn) next() (batch [][]byte, ok bool) {
	cn.mu.Lock()
	defer cn.mu.Unlock()
	if len(cn.queue) == 0 || cn.ctx.Err() != nil {
		cn.writing = false
		return nil, false
	}
	batch = cn.queue[0]
	cn.queue[0] = nil
	cn.queue = cn.queue[1:]
	if len(cn.queue) == 0 {
		cn.queue = nil // let go of the backing array
	}
	if cn.space != nil {
		close(cn.space)
		cn.space = nil
	}
	return batch, true
}

// writeLoop writes queued frames until the queue is empty or the
// connection ends. It runs only while there is something to write.
func (cn *conn) writeLoop() {
	defer cn.wwg.Done()
	timeout := cn.ch.opts.WriteTimeout
	for {
		batch, ok := cn.next()
		if !ok {
			return
		}
		for i, f := range batch {
			_ = cn.ws.SetWriteDeadline(time.Now().Add(timeout))
			// Checked after the deadline is set: finish cancels, then cuts
			// a write in progress short (on the socket itself). What is
			// not written goes back to the queue, for finish's flush (the
			// error frame that explains a policy close, queued just before).
			if cn.ctx.Err() != nil {
				cn.unwritten(batch[i:])
				break
			}
			if err := cn.ws.WriteMessage(websocket.TextMessage, f); err != nil {
				cn.end()
				break
			}
		}
	}
}

// unwritten puts frames the writer took but did not write back at the
// front of the queue.
func (cn *conn) unwritten(frames [][]byte) {
	cn.mu.Lock()
	cn.queue = append([][][]byte{frames}, cn.queue...)
	cn.mu.Unlock()
}

// flush writes what is still queued, for at most a second; finish calls it
// once the writer has stopped.
func (cn *conn) flush() {
	cn.mu.Lock()
	queue := cn.queue
	cn.queue = nil
	cn.mu.Unlock()
	_ = cn.ws.SetWriteDeadline(time.Now().Add(time.Second))
	for _, batch := range queue {
		for _, f := range batch {
			if cn.ws.WriteMessage(websocket.TextMessage, f) != nil {
				return
			}
		}
	}
}
