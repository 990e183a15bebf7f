<?php
/**
 * Remembers that the store's list of carts is too big for the store to send (its list ran out of memory), per
 * connection, with when it was seen and the cart count then. Each request for that list is a PHP fatal on the
 * store, so until the re-try time no view asks for it again: list pages, cart details, Overview polls, cleanup
 * previews and re-checks all get the remembered answer. An explicit refresh, or CoCart's bulk "Clear expired
 * carts" (which usually removes most rows), tries again at once.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Sessions;

final class TooBig {

	public const OPTION        = 'cart_sessions_too_big';
	public const DEFAULT_RETRY = 900;

	/** @var string */
	private $connection;

	public function __construct( string $connection ) {
		$this->connection = $connection;
	}

	public static function retry_after(): int {
		/**
		 * Filters how long (seconds) the plugin waits before asking a store that was too big for its own list
		 * of carts for that list again (an explicit refresh or clearing expired carts always tries at once).
		 *
		 * @param int $seconds Default 900.
		 */
		return max( 0, (int) apply_filters( 'cart_sessions_too_big_retry', self::DEFAULT_RETRY ) );
	}

	/**
	 * What was seen, while the re-try time has not come: {seen_at, retry_at, counts}; else null.
	 *
	 * @return array{seen_at:int,retry_at:int,counts:array<string,int>|null}|null
	 */
	public function get(): ?array {
		$seen = get_option( self::OPTION );
		if ( ! is_array( $seen ) || ( $seen['connection'] ?? '' ) !== $this->connection || (int) ( $seen['retry_at'] ?? 0 ) <= time() ) {
			return null;
		}
		return array(
			'seen_at'  => (int) $seen['seen_at'],
			'retry_at' => (int) $seen['retry_at'],
			'counts'   => is_array( $seen['counts'] ?? null ) ? $seen['counts'] : null,
		);
	}

	/**
	 * @param array<string,int>|null $counts The store's counts when it was seen (wc/v3/system_status).
	 * @return array{seen_at:int,retry_at:int,counts:array<string,int>|null}
	 */
	public function remember( ?array $counts ): array {
		$now  = time();
		$seen = array(
			'seen_at'  => $now,
			'retry_at' => $now + self::retry_after(),
			'counts'   => $counts,
		);
		update_option( self::OPTION, array( 'connection' => $this->connection ) + $seen, false );
		return $seen;
	}

	public function forget(): void {
		delete_option( self::OPTION );
	}
}
