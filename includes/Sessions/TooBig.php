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

use WP_Error;

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
		if ( ! is_array( $seen )
			|| ( $seen['connection'] ?? '' ) !== $this->connection
			|| (int) ( $seen['retry_at'] ?? 0 ) <= time() ) {
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

	/**
	 * What the store being too big for its list means, with the counts when it was seen and when the plugin asks
	 * again.
	 *
	 * @param array{seen_at:int,retry_at:int,counts:array<string,int>|null,upstream_status?:int|null} $seen
	 */
	public static function error( array $seen ): WP_Error {
		$counts  = $seen['counts'];
		$fix     = __( 'Clear expired carts — usually most of them — with CoCart’s bulk tool: the “Clear expired carts” button shown with this message on the Sessions and Overview tabs, or on the store WooCommerce → Status → Tools → “Clear expired carts”. Or raise the store’s PHP memory limit (WP_MEMORY_LIMIT / memory_limit; CoCart needs about 16 MB + 9 KB per cart to list them).', 'cart-sessions-for-cocart' ); // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
		$message = null !== $counts && isset( $counts['carts_in_session'] )
			? sprintf(
				/* translators: 1: number of carts, 2: number of active carts */
				__( 'The store holds %1$s carts (%2$s active) — too many for CoCart to list at once: its list ran out of memory on the store.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
				number_format_i18n( (int) $counts['carts_in_session'] ),
				number_format_i18n( (int) ( $counts['count_carts_active'] ?? 0 ) )
			)
			: __( 'The store’s list of carts is too big for CoCart to send at once: its list ran out of memory on the store.', 'cart-sessions-for-cocart' ); // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
		$message .= ' ' . sprintf(
			/* translators: 1: date and time the store was last asked, 2: date and time of the next automatic try */
			__( 'Seen %1$s. Each try costs the store a PHP fatal error, so the plugin asks again automatically at %2$s; “Try again” or clearing expired carts asks at once.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			wp_date(
				(string) get_option( 'date_format' ) . ' ' . (string) get_option( 'time_format' ),
				$seen['seen_at']
			),
			wp_date( (string) get_option( 'time_format' ), $seen['retry_at'] )
		);
		return new WP_Error(
			'cart_sessions_store_too_big',
			$message,
			array(
				'status'          => 502,
				'reason'          => 'store_too_big',
				'counts'          => $counts,
				'fix'             => $fix,
				'seen_at'         => gmdate( Normaliser::DATE_FORMAT, $seen['seen_at'] ),
				'retry_at'        => gmdate( Normaliser::DATE_FORMAT, $seen['retry_at'] ),
				'upstream_status' => $seen['upstream_status'] ?? null,
			)
		);
	}
}
