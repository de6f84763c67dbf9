package web

import (
	"context"
	"errors"
	"time"

	"amtsbote/channels"
)

// maxQueued bounds a connection's messages waiting for the core; more are
// refused with "busy" and the widget sends them again.
const maxQueued = 8

// retryAfterUnavailable is the wait the widget is told after the core
// failed to store a message.
const retryAfterUnavailable = 5 * time.Second

// job is one citizen message waiting to be handed to the core.
type job struct {
	in       channels.Inbound
	clientID string
	release  func() // called once the core has the message (or it is dropped); may be nil
}

func (j job) done() {
	if j.release != nil {
		j.release()
	}
}

// submit queues a message for the core. The reader never waits for the
// core: a delivery goroutine, started when a message is queued and ending when
// it is empty, hands messages over one by one, in order, so an idle
// connection keeps only its reader and writer.
func (cn *conn) submit(in channels.Inbound, clientID string) {
	cn.submitWith(in, clientID, nil)
}

// submitWith queues a message and calls release once it is handed over.
func (cn *conn) submitWith(in channels.Inbound, clientID string, release func()) {
	cn.mu.Lock()
	token := cn.token
	cn.mu.Unlock()
	in.Address = token
	in.MessageID = scope(token) + clientID
	j := job{in: in, clientID: clientID, release: release}
	cn.dmu.Lock()
	if len(cn.queued) >= maxQueued {
		cn.dmu.Unlock()
		j.done()
		cn.sendError(errBusy, clientID, "", time.Second)
		return
	}
	cn.queued = append(cn.queued, j)
	if !cn.delivering {
		cn.delivering = true
		cn.wg.Add(1)
		go cn.deliverLoop()
	}
	cn.dmu.Unlock()
}

// deliverLoop hands queued messages to the core until the queue is empty
// or the connection ends, and acknowledges each after its commit.
func (cn *conn) deliverLoop() {
	defer cn.wg.Done()
	for {
		cn.dmu.Lock()
		if len(cn.queued) == 0 || cn.ctx.Err() != nil {
			for _, j := range cn.queued {
				j.done()
			}
			cn.queued = nil
			cn.delivering = false
			cn.dmu.Unlock()
			return
		}
		j := cn.queued[0]
		cn.queued = cn.queued[1:]
		cn.dmu.Unlock()

		// Other tabs show the message now, before the replies it will bring.
		frame := encode(citizenFrame(j.in, j.clientID, false))
		for _, o := range cn.siblings(j.in.Address) {
			o.live(frame)
		}
		rc, err := cn.ch.deliver.Deliver(cn.ctx, j.in)
		j.done()
		if err != nil {
			if errors.Is(err, context.Canceled) && cn.ctx.Err() != nil {
				continue // the connection ended; the widget sends it again
			}
			cn.ch.log.Warn("storing a message failed", "conn", cn.id, "err", err)
			cn.sendError(errUnavailable, j.clientID, "", retryAfterUnavailable)
			continue
		}
		cn.setConversation(rc.Conversation)
		for _, o := range cn.siblings(j.in.Address) {
			o.setConversation(rc.Conversation)
		}
		cn.send(encode(ackFrame{Type: "ack", ID: j.clientID, Conversation: rc.Conversation}))
	}
}

// setConversation records the conversation once the core has made it.
func (cn *conn) setConversation(id string) {
	cn.mu.Lock()
	if cn.conversation == "" {
		cn.conversation = id
	}
	cn.mu.Unlock()
}
