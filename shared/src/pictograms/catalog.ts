/**
 * The graphic-recording kit: the pictograms a graphic recorder reaches for all session, with the
 * words people search them by. Drawings come from Tabler Icons (MIT licence, © Paweł Kuna; see
 * data.ts, generated from the npm package by scripts/gen-pictograms.mjs), so only the
 * icons listed here are in our bundle and nothing is fetched from anywhere.
 *
 * `id` is what a board stores (cb-icon `props.icon`): never rename one, only add. `words` are our
 * own synonyms (British usage first: "home" finds the house, "money" the coins); Tabler's tags are
 * searched too.
 */
export interface Pictogram {
  id: string
  label: string
  /** Tabler icon name (outline set). */
  tabler: string
  group: PictogramGroup
  words: string[]
}

export const PICTOGRAM_GROUPS = ['People', 'Places', 'Getting about', 'Everyday things', 'Feelings and nature', 'Planning and ideas'] as const
export type PictogramGroup = (typeof PICTOGRAM_GROUPS)[number]

const p = (id: string, label: string, tabler: string, group: PictogramGroup, words: string[] = []): Pictogram => ({ id, label, tabler, group, words })

export const PICTOGRAMS: readonly Pictogram[] = [
  p('person', 'Person', 'user', 'People', ['me', 'man', 'woman', 'someone', 'individual', 'focus person']),
  p('two-people', 'Two people', 'friends', 'People', ['friends', 'couple', 'pair', 'buddy']),
  p('group', 'Group', 'users-group', 'People', ['people', 'team', 'circle', 'community', 'crowd', 'club']),
  p('family', 'Family', 'users', 'People', ['parents', 'relatives', 'household']),
  p('support', 'Support', 'heart-handshake', 'People', ['care', 'help', 'carer', 'relationship', 'friendship']),
  p('wheelchair', 'Wheelchair', 'wheelchair', 'People', ['disability', 'access', 'accessible']),
  p('baby', 'Baby', 'baby-carriage', 'People', ['child', 'children', 'pram', 'young']),
  p('house', 'House', 'home', 'Places', ['home', 'flat', 'living', 'where I live']),
  p('school', 'School', 'school', 'Places', ['college', 'learning', 'education', 'class', 'university']),
  p('hospital', 'Hospital', 'building-hospital', 'Places', ['doctor', 'health', 'clinic', 'gp', 'nurse']),
  p('shop', 'Shop', 'building-store', 'Places', ['store', 'market', 'high street', 'shopping']),
  p('cafe', 'Café', 'coffee', 'Places', ['cafe', 'coffee', 'tea', 'drink']),
  p('pub', 'Pub', 'beer', 'Places', ['bar', 'drink', 'quiz', 'night out']),
  p('library', 'Library', 'books', 'Places', ['books', 'reading']),
  p('community-centre', 'Community centre', 'building-community', 'Places', ['community center', 'hall', 'neighbourhood', 'town']),
  p('church', 'Place of worship', 'building-church', 'Places', ['church', 'faith', 'mosque', 'temple', 'religion']),
  p('work', 'Work', 'briefcase', 'Places', ['job', 'office', 'employment', 'volunteering']),
  p('park', 'Park', 'trees', 'Places', ['garden', 'outdoors', 'green space']),
  p('map-pin', 'Place', 'map-pin', 'Places', ['where', 'location', 'here', 'venue']),
  p('bus', 'Bus', 'bus', 'Getting about', ['transport', 'travel', 'journey', 'bus driver']),
  p('car', 'Car', 'car', 'Getting about', ['drive', 'lift', 'transport', 'taxi']),
  p('train', 'Train', 'train', 'Getting about', ['rail', 'station', 'travel']),
  p('bike', 'Bike', 'bike', 'Getting about', ['bicycle', 'cycling']),
  p('walk', 'Walking', 'walk', 'Getting about', ['walk', 'on foot', 'exercise']),
  p('cup', 'Cup', 'cup', 'Everyday things', ['tea', 'coffee', 'mug', 'drink', 'cuppa']),
  p('food', 'Food', 'tools-kitchen-2', 'Everyday things', ['meal', 'eat', 'cooking', 'dinner', 'lunch']),
  p('phone', 'Phone', 'phone', 'Everyday things', ['call', 'ring', 'mobile', 'telephone']),
  p('message', 'Message', 'device-mobile-message', 'Everyday things', ['text', 'sms', 'whatsapp']),
  p('email', 'Email', 'mail', 'Everyday things', ['letter', 'post', 'write']),
  p('money', 'Money', 'coins', 'Everyday things', ['cash', 'pay', 'budget', 'benefits', 'wages', 'personal budget']),
  p('bank-card', 'Bank card', 'credit-card', 'Everyday things', ['card', 'bank', 'account']),
  p('key', 'Key', 'key', 'Everyday things', ['keys', 'own place', 'tenancy', 'access']),
  p('door', 'Door', 'door', 'Everyday things', ['entrance', 'open door', 'welcome', 'way in']),
  p('chest', 'Treasure chest', 'box', 'Everyday things', ['treasure', 'box', 'chest', 'resources', 'store']),
  p('book', 'Book', 'book', 'Everyday things', ['read', 'reading', 'study']),
  p('music', 'Music', 'music', 'Everyday things', ['song', 'singing', 'band', 'choir']),
  p('football', 'Sport', 'ball-football', 'Everyday things', ['football', 'rugby', 'game', 'match', 'team']),
  p('art', 'Art', 'palette', 'Everyday things', ['painting', 'drawing', 'craft', 'creative']),
  p('computer', 'Computer', 'device-laptop', 'Everyday things', ['laptop', 'internet', 'online']),
  p('bed', 'Bed', 'bed', 'Everyday things', ['sleep', 'rest', 'night']),
  p('gift', 'Gift', 'gift', 'Everyday things', ['present', 'offer', 'give', 'birthday']),
  p('heart', 'Heart', 'heart', 'Feelings and nature', ['love', 'care', 'like', 'important']),
  p('happy', 'Happy', 'mood-happy', 'Feelings and nature', ['smile', 'good', 'joy', 'good day']),
  p('sad', 'Sad', 'mood-sad', 'Feelings and nature', ['unhappy', 'bad day', 'upset']),
  p('worried', 'Worried', 'mood-confuzed', 'Feelings and nature', ['anxious', 'confused', 'nervous', 'unsure']),
  p('star', 'Star', 'star', 'Feelings and nature', ['dream', 'north star', 'best', 'favourite', 'hope']),
  p('sun', 'Sun', 'sun', 'Feelings and nature', ['sunny', 'weather', 'good', 'day']),
  p('rain', 'Rain', 'cloud-rain', 'Feelings and nature', ['rainy', 'weather', 'hard times', 'storm']),
  p('moon', 'Moon', 'moon', 'Feelings and nature', ['night', 'evening']),
  p('tree', 'Tree', 'tree', 'Feelings and nature', ['nature', 'growth', 'roots', 'family tree']),
  p('plant', 'Growing', 'plant', 'Feelings and nature', ['grow', 'seedling', 'plant', 'new start', 'garden']),
  p('flower', 'Flower', 'flower', 'Feelings and nature', ['garden', 'bloom', 'nature']),
  p('ladder', 'Ladder', 'ladder', 'Planning and ideas', ['steps', 'climb', 'progress', 'up']),
  p('bridge', 'Bridge', 'building-bridge', 'Planning and ideas', ['connect', 'link', 'crossing', 'between']),
  p('lightbulb', 'Idea', 'bulb', 'Planning and ideas', ['lightbulb', 'light bulb', 'idea', 'think', 'creative']),
  p('speech', 'Speech bubble', 'message-circle', 'Planning and ideas', ['say', 'talk', 'voice', 'quote', 'speech']),
  p('calendar', 'Calendar', 'calendar', 'Planning and ideas', ['date', 'day', 'when', 'diary', 'appointment']),
  p('clock', 'Clock', 'clock', 'Planning and ideas', ['time', 'when', 'hour', 'routine']),
  p('target', 'Goal', 'target', 'Planning and ideas', ['target', 'aim', 'goal', 'bullseye']),
  p('flag', 'Flag', 'flag', 'Planning and ideas', ['milestone', 'start', 'finish', 'marker']),
  p('tick', 'Done', 'circle-check', 'Planning and ideas', ['tick', 'check', 'yes', 'done', 'agreed']),
  p('cross', 'No', 'circle-x', 'Planning and ideas', ['cross', 'no', 'stop', 'not working']),
  p('question', 'Question', 'help-circle', 'Planning and ideas', ['question', 'ask', 'unknown', 'why']),
  p('warning', 'Warning', 'alert-triangle', 'Planning and ideas', ['risk', 'danger', 'careful', 'barrier']),
  p('arrow', 'Arrow', 'arrow-right', 'Planning and ideas', ['next', 'move', 'direction', 'go']),
  p('link', 'Link', 'link', 'Planning and ideas', ['connection', 'chain', 'connect']),
  p('lock', 'Lock', 'lock', 'Planning and ideas', ['private', 'safe', 'secure', 'closed']),
  p('tools', 'Tools', 'tool', 'Planning and ideas', ['fix', 'skills', 'practical', 'hands', 'repair']),
  p('brain', 'Head', 'brain', 'Planning and ideas', ['think', 'know', 'knowledge', 'head', 'mind']),
  p('hands', 'Hands', 'hand-stop', 'Planning and ideas', ['hand', 'do', 'make', 'skills', 'help']),
]

const BY_ID = new Map(PICTOGRAMS.map((p) => [p.id, p]))

export function pictogramById(id: string): Pictogram | undefined {
  return BY_ID.get(id)
}
