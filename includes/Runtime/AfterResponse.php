<?php
/**
 * Work that can wait until the REST response has reached the browser: the list cache's write after a cold
 * list (at 10,000 carts ~130 ms of the ~200 ms the request added to the store's own list: measured).
 *
 * How: the response WordPress's REST server prints is captured in an output buffer (rest_pre_serve_request,
 * last), then at shutdown — before WordPress flushes its buffers — sent with a Content-Length and flushed, so a
 * client reads it whole and stops waiting; fastcgi_finish_request() (PHP-FPM) or litespeed_finish_request() end
 * it outright where they exist. The jobs run after that. Where the response cannot be sent early (headers already
 * sent, an output handler other than PHP's default that may compress, zlib.output_compression, not a REST request
 * over HTTP) the jobs still run at shutdown, with the client waiting as before. Outside a REST request over HTTP
 * (tests, WP-CLI, internal rest_do_request() calls) available() is false and callers do the work at once.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Runtime;

final class AfterResponse {

	/** @var array<int,callable> */
	private static $jobs = array();

	/** @var int|null The output buffer level holding the response, while captured. */
	private static $level = null;

	/**
	 * Whether work can be left until after this request's response: a REST request served over HTTP.
	 */
	public static function available(): bool {
		return defined( 'REST_REQUEST' ) && REST_REQUEST && 'cli' !== PHP_SAPI && ! wp_doing_cron();
	}

	/**
	 * Runs $job after the response was sent (see the class comment). Callers check available() first.
	 */
	public static function add( callable $job ): void {
		if ( array() === self::$jobs ) {
			add_filter( 'rest_pre_serve_request', array( self::class, 'capture' ), PHP_INT_MAX );
			add_action( 'shutdown', array( self::class, 'finish' ), 0 ); // Before wp_ob_end_flush_all (1).
		}
		self::$jobs[] = $job;
	}

	/**
	 * @param bool $served Whether the response was already served (by another filter).
	 */
	public static function capture( $served ) {
		if ( ! $served && ! headers_sent() && ! ini_get( 'zlib.output_compression' ) && self::plain_buffers() ) {
			ob_start();
			self::$level = ob_get_level();
		}
		return $served;
	}

	public static function finish(): void {
		if ( null !== self::$level && ob_get_level() === self::$level ) {
			$body = (string) ob_get_clean();
			if ( ! headers_sent() ) {
				header( 'Content-Length: ' . strlen( $body ) );
				header( 'Connection: close' );
			}
			// phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- the REST server's own JSON, as it printed it.
			echo $body;
			while ( ob_get_level() > 0 ) {
				ob_end_flush();
			}
			flush();
			if ( function_exists( 'fastcgi_finish_request' ) ) {
				fastcgi_finish_request();
			} elseif ( function_exists( 'litespeed_finish_request' ) ) {
				litespeed_finish_request();
			}
		}
		self::$level = null;
		ignore_user_abort( true ); // A browser that has its answer and goes away must not cut the write short.
		$jobs       = self::$jobs;
		self::$jobs = array();
		foreach ( $jobs as $job ) {
			$job();
		}
	}

	/**
	 * Only PHP's own buffering below ours: another handler (gzip, a page cache) could change the length.
	 */
	private static function plain_buffers(): bool {
		foreach ( ob_list_handlers() as $handler ) {
			if ( 'default output handler' !== $handler ) {
				return false;
			}
		}
		return true;
	}
}
