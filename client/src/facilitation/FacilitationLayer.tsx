/**
 * What facilitation does on every screen, whatever the role: the lock guard, "bring everyone
 * here", "everyone follow me" (with a way out), and short messages. Mounted once per board page.
 */
import { useEffect, useMemo, useRef, useState } from 'react'
import { react, useValue, type Editor, type TLPageId } from 'tldraw'
import type { FacilitationState } from '@circleboard/shared'
import { useFacilitation } from './hooks'
import { installLockGuard, LOCKED_MESSAGE } from './lockGuard'
import { $toast, hideToast, showToast } from './toast'

/** `projector`: a screen nobody touches — no messages, no banner, and a summon never breaks its follow. */
export function FacilitationLayer({ editor, userId, projector = false }: { editor: Editor | null; userId: string; projector?: boolean }) {
  const { handle } = useFacilitation()

  // Notices from the relay (refused, downgraded) and from the handle: the same short toast.
  useEffect(
    () =>
      react('cb fac notice', () => {
        const n = handle.$notice.get()
        if (n) showToast(n.text)
      }),
    [handle]
  )

  useEffect(() => {
    if (!editor) return
    return installLockGuard(editor, {
      userId,
      get: () => ({ role: handle.$role.get(), lock: handle.$state.get().lock }),
      onRefused: () => showToast(LOCKED_MESSAGE),
    })
  }, [editor, handle, userId])

  useEffect(() => {
    if (!editor) return
    return handle.onSummon((e) => {
      if (e.userId === userId) return
      if (projector && editor.getInstanceState().followingUserId) return
      if (e.pageId !== editor.getCurrentPageId() && editor.getPage(e.pageId as TLPageId)) editor.setCurrentPage(e.pageId as TLPageId)
      // Following someone would pull the view straight back.
      if (editor.getInstanceState().followingUserId) editor.stopFollowingUser()
      editor.zoomToBounds(e.bounds, { inset: 0, animation: { duration: 500 } })
      if (!projector) showToast(`${e.name || 'The facilitator'} brought everyone here`)
    })
  }, [editor, handle, userId, projector])

  if (projector) return null
  return (
    <>
      <FollowMode editor={editor} userId={userId} />
      <Toast />
    </>
  )
}

function Toast() {
  const toast = useValue('cb toast', () => $toast.get(), [])
  if (!toast) return null
  return (
    <div className="cb-toast" role="status" data-testid="fac-toast">
      <span>{toast.text}</span>
      <button className="link-button" onClick={hideToast} aria-label="Dismiss">
        ✕
      </button>
    </div>
  )
}

type Follow = FacilitationState['follow']

/**
 * "Everyone follow me": while the state names a leader, everyone else follows them (people who
 * join later too). Whoever steps out (Stop following, or moving their own view) stays out until
 * the facilitator turns it on again.
 */
function FollowMode({ editor, userId }: { editor: Editor | null; userId: string }) {
  const { state } = useFacilitation()
  const followId = state.follow?.userId ?? null
  const followName = state.follow?.name ?? ''
  // One object per leader (the state object is new with every change).
  const leader = useMemo<Follow>(() => (followId && followId !== userId ? { userId: followId, name: followName } : null), [followId, followName, userId])
  const following = useValue('cb following id', () => editor?.getInstanceState().followingUserId ?? null, [editor])
  /** The leader this device has started following in this round of "everyone follow me". */
  const startedFor = useRef<string | null>(null)
  const [round, setRound] = useState(0)

  // Follow turned off (or passed to someone else): let go of the old leader, not of someone this
  // person chose to follow themselves.
  const lastLeader = useRef<Follow>(null)
  useEffect(() => {
    const prev = lastLeader.current
    lastLeader.current = leader
    if (prev && prev.userId !== leader?.userId) {
      startedFor.current = null
      if (editor && editor.getInstanceState().followingUserId === prev.userId) editor.stopFollowingUser()
    }
  }, [editor, leader])

  // Start following once per round, as soon as the leader's presence is here (a late joiner sees
  // it a moment after the state). After that, stopping is the person's choice: never re-follow.
  useEffect(() => {
    if (!editor || !leader) return
    return react('cb follow leader', () => {
      if (startedFor.current === leader.userId) return
      if (!editor.getCollaborators().some((c) => c.userId === leader.userId)) return
      startedFor.current = leader.userId
      editor.startFollowingUser(leader.userId)
    })
  }, [editor, leader, round])

  const steppedOut = !!leader && startedFor.current === leader.userId && following !== leader.userId
  const rejoin = () => {
    startedFor.current = null
    setRound((r) => r + 1)
  }
  if (!leader || !editor) return null
  const name = leader.name || 'the facilitator'
  if (following === leader.userId) {
    return (
      <div className="cb-follow-banner" role="status" data-testid="follow-banner">
        <span>
          Following <strong>{name}</strong>
        </span>
        <span aria-hidden>·</span>
        <button className="link-button" onClick={() => editor.stopFollowingUser()} data-testid="follow-banner-stop">
          Stop following
        </button>
      </div>
    )
  }
  if (steppedOut) {
    return (
      <div className="cb-follow-banner cb-follow-banner-out" role="status" data-testid="follow-banner-out">
        <span>{name} asked everyone to follow</span>
        <button className="link-button" onClick={rejoin} data-testid="follow-banner-rejoin">
          Follow again
        </button>
      </div>
    )
  }
  return null
}
