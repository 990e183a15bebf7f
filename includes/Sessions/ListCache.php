<?php
/**
 * The last list of carts fetched from the store, per connection (store URL + key pairs: Settings' fingerprint),
 * in transients (the object cache where there is a persistent one). It is fresh for a short while
 * (cart_sessions_list_ttl, default 120 s) so paging, sorting and searching cost no upstream request; after that
 * the next view fetches again. It is kept for a day so that, when the store fails, the last good list can be
 * served as stale. Our own deletes take the deleted rows out and mark it due for a fetch.
 *
 * Built so that a page of a warm list costs about as much as WordPress's own most trivial REST request, however
 * many carts the store holds:
 *  - rows are stored in the default order (expires, newest first) as one compact JSON array a line (key, name,
 *    email, created, expires, source and — in the "documented" shape, whose list carries them — item count and
 *    total: ~317 bytes a cart on the wire become ~130), CHUNK rows to a transient; a page reads one or two
 *    chunks (~260 KB) and decodes only its own lines;
 *  - any other order or filter that does not depend on details or on the time (search, source, sort by key,
 *    customer, created or expires) is computed once over all rows and its row positions kept (8 hex digits a row,
 *    VIEWS of them per connection) until the list is fetched again, so its next pages are as cheap;
 *  - a small meta transient says when the list was fetched, its shape, size and the key owner's cart.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Sessions;

use CartSessions\Runtime\AfterResponse;
use CartSessions\Storage\OptionCache;

final class ListCache {

	public const PREFIX      = 'cart_sessions_list_';
	public const DEFAULT_TTL = 120;
	public const KEEP        = DAY_IN_SECONDS;
	public const CHUNK       = 2000;
	public const VIEWS       = 8;
	/**
	 * Seconds a request waits for another's fetch and write of the list (claim_fetch(), put() with
	 * $after_response) before fetching its own: the store's list of 50,000 carts takes ~5 s on a busy store.
	 */
	public const WAIT_FOR_WRITER = 30;

	/** @var string */
	private $connection;

	/** @var array<string,mixed>|null|false The meta transient, read once per request (false: not read yet). */
	private $meta = false;

	/** @var array<int,string[]> Chunk number => its lines, read once per request. */
	private $chunks = array();

	/** @var bool A put() whose rows are written after the response (not readable from the cache yet). */
	private $writing = false;

	/** @var bool This request holds the connection's list lock (it is fetching or writing the list). */
	private $locked = false;

	public function __construct( string $connection ) {
		$this->connection = $connection;
	}

	public static function ttl(): int {
		/**
		 * Filters how long (seconds) a fetched list of carts is used before the store is asked again.
		 *
		 * @param int $ttl Default 120.
		 */
		return max( 0, (int) apply_filters( 'cart_sessions_list_ttl', self::DEFAULT_TTL ) );
	}

	/**
	 * What is known about the cached list without reading its rows, or null when there is none.
	 *
	 * @return array{fetched_at:int,shape:string,count:int,owner:string|null,fresh:bool}|null
	 */
	public function meta(): ?array {
		if ( false === $this->meta ) {
			$this->wait_for_writer();
			$stored     = OptionCache::transient( $this->name() );
			$this->meta = is_array( $stored )
				&& isset( $stored['fetched_at'], $stored['count'], $stored['chunks'] ) ? $stored : null;
		}
		if ( null === $this->meta ) {
			return null;
		}
		$fetched = (int) $this->meta['fetched_at'];
		return array(
			'fetched_at' => $fetched,
			'shape'      => (string) ( $this->meta['shape'] ?? 'released' ),
			'count'      => (int) $this->meta['count'],
			'owner'      => isset( $this->meta['owner'] ) ? (string) $this->meta['owner'] : null,
			'fresh'      => empty( $this->meta['due'] ) && time() - $fetched < self::ttl(),
		);
	}

	/**
	 * The whole cached list, in the default order (each row has its position as `pos`), or null.
	 *
	 * @return array{fetched_at:int,shape:string,rows:array<int,array<string,mixed>>,fresh:bool}|null
	 */
	public function get(): ?array {
		$meta = $this->meta();
		if ( null === $meta || $this->writing ) {
			return null; // None, or not written yet (put() after the response): its rows are the caller's.
		}
		$rows = $meta['count'] > 0 ? $this->rows_at( range( 0, $meta['count'] - 1 ) ) : array();
		if ( count( $rows ) !== $meta['count'] ) {
			return null; // A chunk went missing (evicted from an object cache): as good as no list.
		}
		return array(
			'fetched_at' => $meta['fetched_at'],
			'shape'      => $meta['shape'],
			'rows'       => $rows,
			'fresh'      => $meta['fresh'],
		);
	}

	/**
	 * Stores a freshly fetched list; returns its rows in the stored (default) order, each with its position.
	 * With $after_response (a cold list view: the caller checked Runtime\AfterResponse::available()) the rows are
	 * written once the response has been sent; meanwhile this object answers meta() from memory and the MySQL
	 * lock writer_lock() names is held, so a request that comes for the list meanwhile waits for the write
	 * (meta()) instead of fetching the list from the store again.
	 *
	 * @param array<int,array<string,mixed>> $rows Normalised rows (Normaliser::row()).
	 * @return array<int,array<string,mixed>>
	 */
	public function put(
		array $rows,
		string $shape,
		?int $fetched_at = null,
		bool $due = false,
		bool $after_response = false
	): array {
		$rows         = self::ordered( $rows );
		$stale_chunks = $this->start( count( $rows ), $shape, $fetched_at ?? time(), $due );
		$this->meta  += self::fences( $rows );
		if ( $after_response && ( $this->locked || $this->writer_lock( true ) ) ) {
			$this->writing = true;
			AfterResponse::add(
				function () use ( $rows, $stale_chunks ): void {
					$this->write( $rows, $stale_chunks );
					$this->writer_lock( false );
				}
			);
		} else {
			$this->write( $rows, $stale_chunks );
			$this->release_fetch();
		}
		return $rows;
	}

	/**
	 * Stores a freshly fetched list of $count carts whose rows are made only after the response ($rows(): the
	 * normalised rows, in any order), so that a cold list view sends its page first (ListReader). Meanwhile this
	 * object answers meta() from memory and the list lock is held (when it can be taken), so a request that comes
	 * for the list waits for the write instead of fetching it from the store again. Only where
	 * Runtime\AfterResponse::available().
	 *
	 * @param callable():array<int,array<string,mixed>> $rows
	 */
	public function put_later( int $count, string $shape, int $fetched_at, callable $rows ): void {
		$stale_chunks  = $this->start( $count, $shape, $fetched_at, false );
		$this->writing = true;
		if ( ! $this->locked ) {
			$this->writer_lock( true );
		}
		AfterResponse::add(
			function () use ( $rows, $stale_chunks ): void {
				$ordered     = self::ordered( $rows() );
				$this->meta += self::fences( $ordered );
				$this->write( $ordered, $stale_chunks );
				$this->release_fetch();
			}
		);
	}

	/**
	 * A new list's meta, in memory (the caller writes it with the rows); returns how many chunks the list before
	 * it had, so write() can delete those beyond the new list's end.
	 */
	private function start( int $count, string $shape, int $fetched_at, bool $due ): int {
		$this->meta(); // The stored meta, if any.
		$stale_chunks = is_array( $this->meta ) ? (int) ( $this->meta['chunks'] ?? 0 ) : 0;
		$this->meta   = array(
			'fetched_at' => $fetched_at,
			'shape'      => $shape,
			'count'      => $count,
			'chunks'     => (int) ceil( $count / self::CHUNK ),
			'owner'      => null,
			'due'        => $due,
		);
		$this->chunks = array();
		delete_transient( $this->views_name() );
		return $stale_chunks;
	}

	/**
	 * For status_run(): each chunk's first expiry, and how many rows have none (they sort last).
	 *
	 * @param array<int,array<string,mixed>> $ordered Rows in the stored order (ordered()).
	 * @return array{fences:array<int,string|null>,undated:int}
	 */
	private static function fences( array $ordered ): array {
		$fences = array();
		foreach ( array_values( $ordered ) as $pos => $row ) {
			if ( 0 === $pos % self::CHUNK ) {
				$fences[] = $row['expires'] ?? null;
			}
		}
		return array(
			'fences'  => $fences,
			'undated' => count( $ordered ) - count( array_filter( array_column( $ordered, 'expires' ) ) ),
		);
	}

	/**
	 * Rows in the stored (default) order, each with its position as `pos`.
	 *
	 * @param array<int,array<string,mixed>> $rows
	 * @return array<int,array<string,mixed>>
	 */
	private static function ordered( array $rows ): array {
		$rows = Query::sort( $rows, 'expires', 'desc' );
		foreach ( $rows as $pos => &$row ) {
			$row['pos'] = $pos;
		}
		unset( $row );
		return $rows;
	}

	/**
	 * Single flight for the list: before fetching it from the store, a request takes the connection's list lock
	 * (held until put() has written the list, after the response for a cold list view). Returns true when this
	 * request holds it and should fetch. When another request holds it (fetching or writing the same list right
	 * now), waits for it (at most WAIT_FOR_WRITER seconds) and returns false: the caller reads the cache again,
	 * where that request's list now is, instead of costing the store a second list.
	 */
	public function claim_fetch(): bool {
		if ( $this->locked || $this->writer_lock( true ) ) {
			return true;
		}
		$this->wait_for_writer();
		// Read again, from the database: the other request has written a new list since this one looked.
		$names = array( $this->name() );
		for ( $n = 0; is_array( $this->meta ) && $n < (int) ( $this->meta['chunks'] ?? 0 ); $n++ ) {
			$names[] = $this->chunk_name( $n );
		}
		OptionCache::forget( $names );
		$this->meta   = false;
		$this->chunks = array();
		return false;
	}

	/**
	 * Releases the list lock claim_fetch() took, when nothing is left to write (the fetch failed, or put() wrote
	 * the list at once).
	 */
	public function release_fetch(): void {
		if ( $this->locked && ! $this->writing ) {
			$this->writer_lock( false );
		}
	}

	/**
	 * The chunks, then the meta (this object's, which put_owner() may have changed since put()): a reader that
	 * finds the new meta finds its chunks.
	 *
	 * @param array<int,array<string,mixed>> $rows In the stored order.
	 */
	private function write( array $rows, int $stale_chunks ): void {
		$lines = array();
		foreach ( $rows as $pos => $row ) {
			$lines[] = self::pack( $row );
			if ( count( $lines ) === self::CHUNK ) {
				set_transient( $this->chunk_name( intdiv( $pos, self::CHUNK ) ), implode( "\n", $lines ), self::KEEP );
				$lines = array();
			}
		}
		$chunks = (int) $this->meta['chunks'];
		if ( array() !== $lines ) {
			set_transient( $this->chunk_name( $chunks - 1 ), implode( "\n", $lines ), self::KEEP );
		}
		for ( $n = $chunks; $n < $stale_chunks; $n++ ) {
			delete_transient( $this->chunk_name( $n ) ); // Chunks of a longer list before this one.
		}
		set_transient( $this->name(), $this->meta, self::KEEP );
		$this->writing = false;
	}

	/**
	 * Takes ($take, without waiting) or releases the named MySQL lock of this connection's list fetch and write.
	 * Released by MySQL itself if the request dies.
	 */
	private function writer_lock( bool $take ): bool {
		global $wpdb;
		$name = $this->lock_name();
		if ( $take ) {
			$this->locked = '1' === (string) $wpdb->get_var( $wpdb->prepare( 'SELECT GET_LOCK(%s, 0)', $name ) );
			return $this->locked;
		}
		$wpdb->query( $wpdb->prepare( 'SELECT RELEASE_LOCK(%s)', $name ) );
		$this->locked = false;
		return true;
	}

	/** The MySQL lock's name (at most 64 characters): one per connection. */
	private function lock_name(): string {
		return 'cart_sessions_list_' . substr( md5( $this->connection ), 0, 20 );
	}

	/**
	 * When another request is fetching or writing this connection's list (claim_fetch(), put() with
	 * $after_response), waits for it (at most WAIT_FOR_WRITER seconds): its list is seconds old, so fetching
	 * another from the store would only cost the store a second list.
	 */
	private function wait_for_writer(): void {
		global $wpdb;
		if ( $this->locked ) {
			return; // This request is the one fetching.
		}
		$name = $this->lock_name();
		if ( null === $wpdb->get_var( $wpdb->prepare( 'SELECT IS_USED_LOCK(%s)', $name ) ) ) {
			return;
		}
		// GET_LOCK waits for the writer's release (or the timeout); taken at once when this request holds it.
		if ( '1' === (string) $wpdb->get_var( $wpdb->prepare(
			'SELECT GET_LOCK(%s, %d)',
			$name,
			self::WAIT_FOR_WRITER
		) ) ) {
			$wpdb->query( $wpdb->prepare( 'SELECT RELEASE_LOCK(%s)', $name ) );
		}
	}

	/**
	 * Notes the key owner's cart (found over all rows), so that a page needs no look at the others.
	 */
	public function put_owner( ?string $owner ): void {
		$meta = $this->meta();
		if ( null === $meta || $meta['owner'] === $owner ) {
			return;
		}
		$this->meta['owner'] = $owner;
		if ( ! $this->writing ) {
			set_transient( $this->name(), $this->meta, self::KEEP ); // Else the pending write() takes it along.
		}
	}

	/**
	 * Rows at these positions (in the stored order), in the order asked; positions beyond the end are skipped.
	 *
	 * @param int[] $positions
	 * @return array<int,array<string,mixed>>
	 */
	public function rows_at( array $positions ): array {
		$rows = array();
		foreach ( $positions as $pos ) {
			$chunk = $this->chunk( intdiv( (int) $pos, self::CHUNK ) );
			$line  = $chunk[ (int) $pos % self::CHUNK ] ?? null;
			$row   = null === $line ? null : self::unpack( $line );
			if ( null !== $row ) {
				$row['pos'] = (int) $pos;
				$rows[]     = $row;
			}
		}
		return $rows;
	}

	/**
	 * Where the rows of these statuses are in the stored order, as [first, end): the order is by expiry, newest
	 * first, and a status is a span of expiry (active, then expiring within EXPIRING_WINDOW, then expired), so
	 * statuses that follow each other are one run. Found by the chunks' first expiries, then a binary search inside
	 * one chunk. Null when that does not hold: statuses with a gap (active and expired), rows without an expiry
	 * (they count as active but sort last), or a list cached before the chunks' expiries were kept.
	 *
	 * @param string[] $statuses
	 * @return array{0:int,1:int}|null
	 */
	public function status_run( array $statuses, int $now ): ?array {
		$meta = $this->meta();
		if ( null === $meta || ! isset( $this->meta['fences'] ) || 0 !== (int) ( $this->meta['undated'] ?? 1 ) ) {
			return null;
		}
		$ranks = array_keys( array_intersect( Query::STATUSES, $statuses ) );
		if ( array() === $ranks || count( $ranks ) !== max( $ranks ) - min( $ranks ) + 1 ) {
			return null;
		}
		$bounds = array(
			0,
			$this->first_expiring_by( gmdate( Normaliser::DATE_FORMAT, $now + Normaliser::EXPIRING_WINDOW ) ),
			$this->first_expiring_by( gmdate( Normaliser::DATE_FORMAT, $now ) ),
			$meta['count'],
		);
		return in_array( null, $bounds, true ) ? null : array( $bounds[ min( $ranks ) ], $bounds[ max( $ranks ) + 1 ] );
	}

	/**
	 * The first position whose expiry is at or before $iso (the count when none is); null when a chunk is missing.
	 */
	private function first_expiring_by( string $iso ): ?int {
		$count  = (int) $this->meta['count'];
		$fences = (array) $this->meta['fences'];
		$chunk  = count( $fences );
		foreach ( $fences as $n => $first ) {
			if ( strcmp( (string) $first, $iso ) <= 0 ) {
				$chunk = $n;
				break;
			}
		}
		if ( 0 === $chunk ) {
			return 0;
		}
		// The boundary is inside the chunk before: binary search there.
		$low  = ( $chunk - 1 ) * self::CHUNK;
		$high = min( $chunk * self::CHUNK, $count );
		while ( $low < $high ) {
			$mid = intdiv( $low + $high, 2 );
			$row = $this->rows_at( array( $mid ) )[0] ?? null;
			if ( null === $row ) {
				return null;
			}
			if ( strcmp( (string) $row['expires'], $iso ) <= 0 ) {
				$high = $mid;
			} else {
				$low = $mid + 1;
			}
		}
		return $low;
	}

	/**
	 * The positions of the rows a view shows, in its order, kept for this list (see the class comment), or null:
	 * hex text, 8 characters (a little-endian 32-bit number) a row.
	 */
	private function view( string $signature ): ?string {
		$meta  = $this->meta();
		$views = get_transient( $this->views_name() );
		if ( null === $meta || ! is_array( $views ) || ( $views['fetched_at'] ?? 0 ) !== $meta['fetched_at'] ) {
			return null;
		}
		return isset( $views['views'][ $signature ] )
			&& is_string( $views['views'][ $signature ] ) ? $views['views'][ $signature ] : null;
	}

	/**
	 * A page of a kept view: how many rows the view has, and the positions of the $count rows from $offset on; null
	 * when the view is not kept for this list.
	 *
	 * @return array{0:int,1:int[]}|null
	 */
	public function view_slice( string $signature, int $offset, int $count ): ?array {
		$packed = $this->view( $signature );
		if ( null === $packed ) {
			return null;
		}
		$total     = intdiv( strlen( $packed ), 8 );
		$slice     = $offset < $total ? (string) hex2bin( substr( $packed, $offset * 8, $count * 8 ) ) : '';
		$positions = '' === $slice ? array() : array_values( (array) unpack( 'V*', $slice ) );
		return array( $total, $positions );
	}

	/**
	 * Keeps a view's row positions for this list (the latest VIEWS views).
	 *
	 * @param int[] $positions
	 */
	public function put_view( string $signature, array $positions ): void {
		$meta = $this->meta();
		if ( null === $meta ) {
			return;
		}
		$views = get_transient( $this->views_name() );
		$kept  = is_array( $views )
			&& ( $views['fetched_at'] ?? 0 ) === $meta['fetched_at']
			&& is_array( $views['views'] ?? null ) ? $views['views'] : array();
		unset( $kept[ $signature ] );
		// Hex, 8 characters a row: option values are text (utf8mb4), so no raw bytes.
		$kept[ $signature ] = array() === $positions ? '' : bin2hex( pack( 'V*', ...$positions ) );
		set_transient(
			$this->views_name(),
			array(
				'fetched_at' => $meta['fetched_at'],
				'views'      => array_slice( $kept, -self::VIEWS, null, true ),
			),
			self::KEEP
		);
	}

	/**
	 * After our own deletes: the deleted keys leave the cached list, and the next view fetches it again.
	 *
	 * @param string[] $keys
	 */
	public function forget( array $keys ): void {
		$cached = $this->get();
		if ( null === $cached ) {
			return;
		}
		$gone = array_flip( array_map( 'strtolower', $keys ) );
		$rows = array_values(
			array_filter(
				$cached['rows'],
				static function ( array $row ) use ( $gone ): bool {
					return ! isset( $gone[ strtolower( (string) $row['key'] ) ] );
				}
			)
		);
		$this->put( $rows, $cached['shape'], $cached['fetched_at'], true );
	}

	/**
	 * The cached list is no longer current (the store could not send a new one): from now on it is served only
	 * as stale, with its date, and the next view asks the store again.
	 */
	public function end_freshness(): void {
		$meta = $this->meta();
		if ( null === $meta || ! empty( $this->meta['due'] ) ) {
			return;
		}
		$this->meta['due'] = true;
		set_transient( $this->name(), $this->meta, self::KEEP );
	}

	public function clear(): void {
		$meta = $this->meta();
		for ( $n = 0; null !== $meta && $n < (int) ( $this->meta['chunks'] ?? 0 ); $n++ ) {
			delete_transient( $this->chunk_name( $n ) );
		}
		delete_transient( $this->name() );
		delete_transient( $this->views_name() );
		$this->meta   = null;
		$this->chunks = array();
	}

	private function name(): string {
		return self::PREFIX . $this->connection;
	}

	private function chunk_name( int $n ): string {
		return self::PREFIX . $this->connection . '_c' . $n;
	}

	private function views_name(): string {
		return self::PREFIX . $this->connection . '_views';
	}

	/**
	 * @return string[] The chunk's lines (empty when it is missing).
	 */
	private function chunk( int $n ): array {
		if ( ! isset( $this->chunks[ $n ] ) ) {
			$stored             = OptionCache::transient( $this->chunk_name( $n ) );
			$this->chunks[ $n ] = is_string( $stored ) && '' !== $stored ? explode( "\n", $stored ) : array();
		}
		return $this->chunks[ $n ];
	}

	/**
	 * One row as a line of JSON (newlines inside strings are escaped by JSON, so a line is a row).
	 *
	 * @param array<string,mixed> $row
	 */
	private static function pack( array $row ): string {
		// json_encode itself: this runs for every cart of the list (tens of thousands), and invalid UTF-8 is
		// substituted, so it cannot fail the way wp_json_encode() guards against.
		return (string) json_encode( // phpcs:ignore WordPress.WP.AlternativeFunctions.json_encode_json_encode
			array(
				(string) $row['key'],
				$row['customer']['name'] ?? null,
				$row['customer']['email'] ?? null,
				$row['created'] ?? null,
				$row['expires'] ?? null,
				(string) ( $row['source'] ?? '' ),
				$row['item_count'] ?? null,
				$row['total'] ?? null,
			),
			JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE
		);
	}

	/**
	 * @return array<string,mixed>|null
	 */
	private static function unpack( string $line ): ?array {
		$c = json_decode( $line, true );
		if ( ! is_array( $c ) || count( $c ) < 8 ) {
			return null;
		}
		return array(
			'key'      => (string) $c[0],
			'customer' => array(
				'name'  => null === $c[1] ? null : (string) $c[1],
				'email' => null === $c[2] ? null : (string) $c[2],
			),
			'created'    => null === $c[3] ? null : (string) $c[3],
			'expires'    => null === $c[4] ? null : (string) $c[4],
			'source'     => (string) $c[5],
			'item_count' => $c[6],
			'total'      => null === $c[7] ? null : (string) $c[7],
		);
	}
}
