<?php
/**
 * What each cart's detail said (item count, total), per store, keyed by cart key and stamped with the cart's
 * expiry as the list showed it. CoCart re-stamps cart_expiry on every write, so (key, expiry) is a version:
 * while it is unchanged the cart is never fetched again; when it changes the entry no longer applies.
 *
 * Failed details are remembered too, for a short while (FAILURE_TTL) and only when the failure is the store's
 * (a PHP fatal on carts with items in CoCart 4.7.0–4.8.0), so a page of such carts does not refetch 20 details on
 * every view; network trouble (timeouts, busy) is not remembered and is retried on the next view.
 *
 * Each entry also keeps the cart's product lines for the Overview's top products (Insights\Stats), so the Overview
 * and the browser share one cache and a cart is fetched once for both. They are kept as one JSON string a cart
 * ([[product id, name, quantity, line total], …]), decoded only when counted: 10,000 carts' lines as PHP arrays
 * would take ~9 MB more of the request's memory.
 *
 * One row per cart in the table `details` (Storage\Schema), under the store's hash (for_store(): its host, port
 * and path, whatever the scheme — a cart's detail is the store's, so switching the store URL between http:// and
 * https:// keeps it). So the cost of a write follows the work done, not the size of the store: a page reads its
 * own rows (prime()), a scan slice writes only the details it fetched (save()), and rows of carts the list no
 * longer holds are deleted when the list is fetched (prune()). (It was one transient for the whole store: at
 * 50,000 carts every 4-second slice of the Overview's scan read and rewrote ~2.8 MB for ~50 new details.)
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Sessions;

use CartSessions\Storage\Schema;

final class DetailCache {

	/**
	 * Name prefix of the transients that held the cache before it had a table (one per store). Nothing reads them;
	 * WordPress deletes them when they expire (a week), uninstalling at once.
	 */
	public const LEGACY_TRANSIENT_PREFIX = 'cart_sessions_details_';
	public const FAILURE_TTL             = 600;
	/** Above this many carts asked for at once, the store's rows are read in one query rather than by key. */
	public const READ_ALL_ABOVE = 1000;
	/** Keys per SELECT … IN and DELETE … IN, rows per INSERT. */
	private const BATCH = 500;
	/** Rows per SELECT when the whole store's are read. */
	private const READ_PAGE = 2000;

	/** @var string The store's hash. */
	private $store;

	/** @var array<string,array{0:string,1:int|float|null,2:string|null,3:string|null,4:int,5:string|null}|false> Read or written rows by key (false: no row). */
	private $entries = array();

	/** @var bool Every row of the store has been read. */
	private $all_read = false;

	/** @var array<string,true> Keys whose entry save() writes. */
	private $dirty = array();

	/** @var array<string,true> Keys whose row save() deletes. */
	private $gone = array();

	public function __construct( string $store ) {
		$this->store = $store;
		Schema::maybe_upgrade(); // A cron event can come before the first admin view after an update.
	}

	/**
	 * The cache of a store URL. http://shop.example and https://shop.example are the same store (each scheme's
	 * default port is left out); another port or path is another store.
	 */
	public static function for_store( string $store_url ): self {
		$parts  = (array) wp_parse_url( $store_url );
		$scheme = strtolower( (string) ( $parts['scheme'] ?? '' ) );
		$port   = (int) ( $parts['port'] ?? 0 );
		$port   = ( 'http' === $scheme && 80 === $port ) || ( 'https' === $scheme && 443 === $port ) ? 0 : $port;
		$store  = strtolower( (string) ( $parts['host'] ?? '' ) ) . ( $port > 0
			? ':' . $port
			: '' ) . untrailingslashit( (string) ( $parts['path'] ?? '' ) );
		return new self( md5( $store ) );
	}

	/**
	 * Reads the rows of these carts that are not read yet, so that get() answers them from memory: one query a
	 * BATCH of keys, or one for the whole store when more than READ_ALL_ABOVE are asked for (the Overview, the
	 * cleanup's preview: every cart).
	 *
	 * @param array<int,string|int> $keys
	 */
	public function prime( array $keys ): void {
		if ( $this->all_read ) {
			return;
		}
		$unread = array();
		foreach ( $keys as $key ) {
			$key = (string) $key;
			if ( ! isset( $this->entries[ $key ] ) ) {
				$unread[ $key ] = true;
			}
		}
		if ( count( $unread ) > self::READ_ALL_ABOVE ) {
			$this->read( null );
			$this->all_read = true;
			return;
		}
		foreach ( array_chunk( array_keys( $unread ), self::BATCH ) as $batch ) {
			$this->read( array_map( 'strval', $batch ) );
		}
	}

	/**
	 * The cached summary of a cart at this stamp: {item_count, total, error, products}, or null when it must be
	 * fetched. products: the product lines as lines() encodes them, null for a failure.
	 *
	 * @return array{item_count:int|float|null,total:string|null,error:string|null,products:string|null}|null
	 */
	public function get( string $key, string $stamp ): ?array {
		$this->prime( array( $key ) );
		$entry = $this->entries[ $key ] ?? false;
		if ( false === $entry || $entry[0] !== $stamp ) {
			return null;
		}
		if ( null !== $entry[3] && $entry[4] < time() ) {
			return null; // A remembered failure that is due for another try.
		}
		if ( null === $entry[3] && null === $entry[5] ) {
			return null; // Neither a detail nor a failure: fetch it.
		}
		return array(
			'item_count' => $entry[1],
			'total'      => $entry[2],
			'error'      => $entry[3],
			'products'   => $entry[5],
		);
	}

	/**
	 * @param int|float|null $item_count
	 * @param string         $products   Product lines, as lines() encodes them.
	 */
	public function put( string $key, string $stamp, $item_count, ?string $total, string $products ): void {
		$this->set( $key, array( $stamp, $item_count, $total, null, 0, $products ) );
	}

	public function put_failure( string $key, string $stamp, string $error ): void {
		$this->set( $key, array( $stamp, null, null, $error, time() + self::FAILURE_TTL, null ) );
	}

	/**
	 * A cart's items (Normaliser::detail()'s items) as the product lines put() keeps: a JSON list of
	 * [product id, name, quantity, line total]. decode_lines() reads it back.
	 *
	 * @param array<int,array<string,mixed>> $items
	 */
	public static function lines( array $items ): string {
		$lines = array();
		foreach ( $items as $item ) {
			$lines[] = array(
				(int) $item['product_id'],
				(string) $item['name'],
				$item['quantity'],
				$item['line_total'],
			);
		}
		return (string) wp_json_encode(
			$lines,
			JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE
		);
	}

	/**
	 * @return array<int,array{0:int,1:string,2:int|float,3:string|null}>
	 */
	public static function decode_lines( ?string $lines ): array {
		$decoded = null === $lines ? null : json_decode( $lines, true );
		return is_array( $decoded ) ? $decoded : array();
	}

	/**
	 * Deletes the rows of carts the store no longer lists (the list was just fetched): reads the store's keys
	 * (keys only), deletes the others at once.
	 *
	 * @param array<int,string|int> $keys Every cart the list holds.
	 */
	public function prune( array $keys ): void {
		global $wpdb;
		$listed = array_flip( array_map( 'strval', $keys ) );
		$table  = Schema::table( 'details' );
		$stored = (array) $wpdb->get_col(
			// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- our own table.
			$wpdb->prepare( "SELECT cart_key FROM {$table} WHERE store = %s", $this->store )
		);
		$gone   = array();
		foreach ( $stored as $key ) {
			if ( ! isset( $listed[ (string) $key ] ) ) {
				$gone[] = (string) $key;
			}
		}
		$this->delete_rows( $gone );
		foreach ( $gone as $key ) {
			$this->entries[ $key ] = false;
			unset( $this->dirty[ $key ] );
		}
	}

	/**
	 * Forgets these carts (deleted by us); the rows go at the next save().
	 *
	 * @param string[] $keys
	 */
	public function forget( array $keys ): void {
		foreach ( $keys as $key ) {
			$key                   = (string) $key;
			$this->entries[ $key ] = false;
			$this->gone[ $key ]    = true;
			unset( $this->dirty[ $key ] );
		}
	}

	/**
	 * Writes what changed since the last save: the entries put (BATCH rows a statement) and the forgotten rows.
	 */
	public function save(): void {
		global $wpdb;
		if ( array() !== $this->gone ) {
			$this->delete_rows( array_keys( $this->gone ) );
			$this->gone = array();
		}
		if ( array() === $this->dirty ) {
			return;
		}
		$table = Schema::table( 'details' );
		foreach ( array_chunk( array_keys( $this->dirty ), self::BATCH ) as $batch ) {
			$values = array();
			foreach ( $batch as $key ) {
				$entry    = $this->entries[ (string) $key ];
				$values[] = '(' . implode(
					', ',
					array(
						self::value( $this->store ),
						self::value( (string) $key ),
						self::value( $entry[0] ),
						self::value( null === $entry[1] ? null : (string) wp_json_encode( $entry[1] ) ),
						self::value( $entry[2] ),
						self::value( $entry[3] ),
						(string) (int) $entry[4],
						self::value( $entry[5] ),
					)
				) . ')';
			}
			$columns = 'store, cart_key, stamp, item_count, total, error, retry_at, products';
			$update  = 'stamp = VALUES(stamp), item_count = VALUES(item_count), total = VALUES(total),'
				. ' error = VALUES(error), retry_at = VALUES(retry_at), products = VALUES(products)';
			// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- values quoted by value().
			$wpdb->query(
				"INSERT INTO {$table} ({$columns}) VALUES " . implode( ', ', $values )
				. " ON DUPLICATE KEY UPDATE {$update}"
			);
		}
		$this->dirty = array();
	}

	/**
	 * Deletes every row of this store.
	 */
	public function clear(): void {
		global $wpdb;
		$wpdb->delete( Schema::table( 'details' ), array( 'store' => $this->store ), array( '%s' ) );
		$this->entries  = array();
		$this->all_read = true;
		$this->dirty    = array();
		$this->gone     = array();
	}

	/**
	 * @param array{0:string,1:int|float|null,2:string|null,3:string|null,4:int,5:string|null} $entry
	 */
	private function set( string $key, array $entry ): void {
		$this->entries[ $key ] = $entry;
		$this->dirty[ $key ]   = true;
		unset( $this->gone[ $key ] );
	}

	/**
	 * Reads these carts' rows (null: all of the store's, READ_PAGE at a time in key order, so that $wpdb's copy of
	 * a query's result stays small) into $entries; a key asked for without a row is noted as having none. Entries
	 * written in this request and not saved yet are kept.
	 *
	 * @param string[]|null $keys
	 */
	private function read( ?array $keys ): void {
		global $wpdb;
		$table   = Schema::table( 'details' );
		$columns = 'cart_key, stamp, item_count, total, error, retry_at, products';
		if ( null !== $keys ) {
			foreach ( $keys as $key ) {
				if ( ! isset( $this->entries[ $key ] ) ) {
					$this->entries[ $key ] = false;
				}
			}
			$this->take_rows(
				$wpdb->prepare(
					// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- our table, our placeholders.
					"SELECT {$columns} FROM {$table} WHERE store = %s AND cart_key IN ("
					. implode( ', ', array_fill( 0, count( $keys ), '%s' ) ) . ')',
					array_merge( array( $this->store ), $keys )
				)
			);
			return;
		}
		$after = '';
		do {
			$last = $this->take_rows(
				$wpdb->prepare(
					// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- our table.
					"SELECT {$columns} FROM {$table} WHERE store = %s AND cart_key > %s ORDER BY cart_key LIMIT %d",
					$this->store,
					$after,
					self::READ_PAGE
				)
			);
			$after = $last;
		} while ( null !== $after );
	}

	/**
	 * Runs a SELECT of rows and keeps them in $entries; returns the last row's key when the page was full (there
	 * may be more), else null.
	 */
	private function take_rows( string $sql ): ?string {
		global $wpdb;
		// phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- prepared by the caller.
		$rows  = (array) $wpdb->get_results( $sql, ARRAY_N );
		$wpdb->flush(); // Its own copy of the result.
		$count = count( $rows );
		$last  = null;
		foreach ( $rows as $i => $row ) {
			$key  = (string) $row[0];
			$last = $key;
			unset( $rows[ $i ] );
			if ( isset( $this->dirty[ $key ] ) || isset( $this->gone[ $key ] ) ) {
				continue;
			}
			$this->entries[ $key ] = array(
				(string) $row[1],
				null === $row[2] ? null : json_decode( (string) $row[2] ),
				null === $row[3] ? null : (string) $row[3],
				null === $row[4] ? null : (string) $row[4],
				(int) $row[5],
				null === $row[6] ? null : (string) $row[6],
			);
		}
		return self::READ_PAGE === $count ? $last : null;
	}

	/**
	 * A string as an SQL literal (quoted and escaped by $wpdb->prepare()), or NULL.
	 */
	private static function value( ?string $value ): string {
		global $wpdb;
		return null === $value ? 'NULL' : (string) $wpdb->prepare( '%s', $value );
	}

	/**
	 * @param string[] $keys
	 */
	private function delete_rows( array $keys ): void {
		global $wpdb;
		$table = Schema::table( 'details' );
		foreach ( array_chunk( $keys, self::BATCH ) as $batch ) {
			$wpdb->query(
				$wpdb->prepare(
					// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- our table, our placeholders.
					"DELETE FROM {$table} WHERE store = %s AND cart_key IN ("
					. implode( ', ', array_fill( 0, count( $batch ), '%s' ) ) . ')',
					array_merge( array( $this->store ), $batch )
				)
			);
		}
	}
}
